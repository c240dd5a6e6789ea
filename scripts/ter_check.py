#!/usr/bin/env python3
"""Cross-check mtqa's HTER with sacrebleu's TER on the same sentence pairs.

The pairs: every MT/post-edited pair of the committed parallel exports, hand-made pairs
with reorderings, and seeded random pairs with shifts, deletions and insertions. They are
written as one JSONL report (target = MT, corrected = post-edit), scored with
`mtqa score --format tsv`, and each segment's HTER must equal sacrebleu's
`TER().sentence_score(mt, [pe]).score` to the four decimals mtqa prints. Prints 'N passed, M failed'.
"""
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

from sacrebleu.metrics import TER

ROOT = pathlib.Path(__file__).resolve().parent.parent
MTQA = os.environ.get("MTQA", str(ROOT / "target" / "release" / "mtqa"))


def unescape(s):
    out, it = [], iter(s)
    for c in it:
        if c == "\\":
            n = next(it, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, "\\" + n))
        else:
            out.append(c)
    return "".join(out)


pairs = []
for mt in sorted((ROOT / "corpora" / "exports").glob("*.parallel.mt")):
    pe = mt.with_suffix(".pe")
    for a, b in zip(mt.read_text(encoding="utf-8").split("\n"), pe.read_text(encoding="utf-8").split("\n")):
        if a or b:
            pairs.append((unescape(a), unescape(b)))
pairs += [
    ("the cat sat on the mat", "the cat sat on the mat"),
    ("cat the sat on mat the", "the cat sat on the mat"),
    ("This is a test .", "This is the test"),
    ("a b c d e f", "f e d c b a"),
    ("on Thursday the council met in Paris", "the council met in Paris on Thursday"),
    ("", "a b"),
    ("a b", ""),
]
rng = random.Random(20261125)
vocab = "the a of to and in council minister said on Thursday river rose metres night rescue city plan report".split()
for _ in range(300):
    ref = [rng.choice(vocab) for _ in range(rng.randint(1, 40))]
    hyp = list(ref)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.3 and len(hyp) > 2:  # shift a block
            i = rng.randrange(len(hyp)); n = rng.randint(1, 4); blk = hyp[i:i + n]; del hyp[i:i + n]
            j = rng.randrange(len(hyp) + 1); hyp[j:j] = blk
        elif op < 0.55 and hyp:
            del hyp[rng.randrange(len(hyp))]
        elif op < 0.8:
            hyp.insert(rng.randrange(len(hyp) + 1), rng.choice(vocab))
        elif hyp:
            hyp[rng.randrange(len(hyp))] = rng.choice(vocab)
    pairs.append((" ".join(hyp), " ".join(ref)))

with tempfile.TemporaryDirectory() as d:
    report = pathlib.Path(d) / "pairs.jsonl"
    with open(report, "w", encoding="utf-8") as f:
        for i, (mt, pe) in enumerate(pairs):
            f.write(json.dumps({"id": str(i + 1), "target": mt, "corrected": pe}, ensure_ascii=False) + "\n")
    out = subprocess.run([MTQA, "score", "--format", "tsv", str(report)], capture_output=True, text=True, check=True).stdout

got = {}
for line in out.splitlines()[1:]:
    f = line.split("\t")
    got[f[2]] = float(f[6]) if f[6] else None

ter = TER()
passed = failed = 0
for i, (mt, pe) in enumerate(pairs):
    want = ter.sentence_score(mt, [pe]).score
    g = got.get(str(i + 1))
    if g is not None and abs(g - want) < 1e-3:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {i + 1}: mtqa {g} != sacrebleu {want}\n  mt: {mt!r}\n  pe: {pe!r}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
