#!/usr/bin/env python3
"""Cross-check with translate-toolkit: every XLIFF and TMX file mtqa exported under
corpora/exports/ is read with translate-toolkit, which must find the same units, with the
same ids, sources and (corrected) targets as mtqa's own TSV export of the same report.

Run by .ci/run in a virtual environment with translate-toolkit installed.
Prints 'N passed, M failed' and exits non-zero on a mismatch.
"""
import csv
import pathlib
import sys

from translate.storage import tmx, xliff2

EXPORTS = pathlib.Path(__file__).resolve().parent.parent / "corpora" / "exports"


def unescape(s):
    out, it = [], iter(s)
    for c in it:
        if c == "\\":
            n = next(it, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, "\\" + n))
        else:
            out.append(c)
    return "".join(out)


def expected(stem):
    rows = {}
    with open(EXPORTS / f"{stem}.tsv", encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line:
            continue
        r = dict(zip(header, line.split("\t")))
        rows[unescape(r["id"])] = (unescape(r["source"]), unescape(r["corrected"]))
    return rows


passed = failed = 0
for path in sorted(EXPORTS.glob("*.xlf")) + sorted(EXPORTS.glob("*.tmx")):
    stem = path.name.rsplit(".", 1)[0]
    want = expected(stem)
    if path.suffix == ".xlf":
        store = xliff2.Xliff2File.parsefile(str(path))
    else:
        store = tmx.tmxfile.parsefile(str(path))
    units = [u for u in store.units if not u.isheader()]
    got = {}
    for u in units:
        uid = u.getid() if path.suffix == ".xlf" else (u.xmlelement.get("tuid") or "")
        got[uid] = (u.source, u.target)
    # XML cannot carry U+0000-U+001F but tab/LF/CR: XLIFF writes them as <cp/>, which
    # translate-toolkit does not expand. Compare without them.
    def clean(t):
        return "".join(c for c in t if c in "\t\n\r" or ord(c) >= 0x20)
    ok = set(got) == set(want) and all(
        clean(got[k][0]) == clean(want[k][0]) and clean(got[k][1]) == clean(want[k][1]) for k in want
    )
    if ok:
        passed += 1
        print(f"ok   {path.name}: {len(got)} units")
    else:
        failed += 1
        print(f"FAIL {path.name}")
        for k in sorted(set(got) | set(want)):
            if got.get(k) != want.get(k):
                print(f"  {k!r}: translate-toolkit {got.get(k)!r} != mtqa {want.get(k)!r}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
