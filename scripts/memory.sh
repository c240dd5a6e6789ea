#!/usr/bin/env bash
# Peak memory of `mtqa check` on large inputs of every format, as a multiple of the input's
# size (issue #16: at most 4×). Inputs are generated: N sentences (default 1,000,000) of the
# benchmark generator's kind, written as a plain report, JSONL, TSV, XLIFF 2, TMX and MQM.
#   bash scripts/memory.sh [N]        (MTQA=path/to/mtqa to use another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
MTQA=${MTQA:-target/release/mtqa}
[ -x "$MTQA" ] || cargo build --release --quiet
cargo build --release --quiet --example gen_report
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
target/release/examples/gen_report "$N" > "$DIR/report.txt"
python3 - "$DIR" <<'PY'
import html, json, re, sys
d = sys.argv[1]
text = open(f"{d}/report.txt", encoding="utf-8").read()
sents = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
esc = lambda s: html.escape(s, quote=False)
with open(f"{d}/segments.jsonl", "w") as f:
    for i, s in enumerate(sents):
        f.write(json.dumps({"id": str(i + 1), "source": s, "target": s}, ensure_ascii=False) + "\n")
with open(f"{d}/segments.tsv", "w") as f:
    f.write("id\tsource\ttarget\n")
    for i, s in enumerate(sents):
        f.write(f"{i+1}\t{s}\t{s}\n")
with open(f"{d}/units.xlf", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en"><file id="f">\n')
    for i, s in enumerate(sents):
        f.write(f'<unit id="u{i+1}"><segment><source>{esc(s)}</source><target>{esc(s)}</target></segment></unit>\n')
    f.write("</file></xliff>\n")
with open(f"{d}/units.tmx", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="gen" creationtoolversion="1"/><body>\n')
    for s in sents:
        f.write(f'<tu><tuv xml:lang="fr"><seg>{esc(s)}</seg></tuv><tuv xml:lang="en"><seg>{esc(s)}</seg></tuv></tu>\n')
    f.write("</body></tmx>\n")
with open(f"{d}/ratings.tsv", "w") as f:
    f.write("system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity\tmetadata\n")
    for i, s in enumerate(sents):
        f.write(f"A\td{i//50}\t{i%50+1}\t{i+1}\tr1\t{s}\t{s}\tNo-error\tNo-error\t{{}}\n")
PY
printf '%-16s %10s %8s %12s %7s\n' input MB format "peak MB" ratio
for f in report.txt segments.jsonl segments.tsv units.xlf units.tmx ratings.tsv; do
  size=$(stat -c %s "$DIR/$f")
  for fmt in jsonl json; do
    # Exit status 1 (findings) is expected; only the peak is wanted.
    /usr/bin/time -o "$DIR/peak" -f "%M" "$MTQA" check "$DIR/$f" --format "$fmt" > /dev/null 2>&1 || true
    peak=$(tail -1 "$DIR/peak")
    awk -v f="$f" -v s="$size" -v p="$peak" -v fmt="$fmt" 'BEGIN { printf "%-16s %10.1f %8s %12.1f %6.2fx\n", f, s/1e6, fmt, p/1024, (p*1024)/s }'
  done
done
