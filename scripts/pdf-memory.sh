#!/usr/bin/env bash
# Peak memory of ingesting one long scanned PDF, page by page, and what a kill -9 in the middle loses.
#   scripts/pdf-memory.sh [PAGES] [--debug]      default: 300 pages, release build
# Builds a PDF of PAGES scanned pages (the sample scans repeated, each page a JPEG as scanners write
# them), then:
#   1. ingests it into a fresh database under /usr/bin/time -v, killed with SIGKILL once a third of
#      the pages are kept, and reports the peak resident memory of that run;
#   2. runs the same command again: it must take over the kept pages (resumedPages), read only the rest,
#      store the document once with PAGES pages, and stay under the memory limit too.
# Fails (exit 1) when a run's peak is 1 GB or more, or when a page is lost or stored twice.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-300}"
config=release
[[ "${2:-}" == "--debug" ]] && config=debug
limit_kb=$((1024 * 1024))
swift build -c "$config" --product pfdo-intake >&2
bin=".build/$config/pfdo-intake"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$pages" "$work/long.pdf" <<'PY'
import sys, glob
from PIL import Image
n, out = int(sys.argv[1]), sys.argv[2]
scans = sorted(f for f in glob.glob("samples/*-scan-*.png") + glob.glob("samples/*-clean-*.png"))
frames = [Image.open(f).convert("L") for f in scans]
pages = [frames[i % len(frames)] for i in range(n)]
# Each page its own JPEG image, like a scanner's PDF (pdfimages takes it out as it is).
pages[0].save(out, save_all=True, append_images=pages[1:], resolution=300, quality=75)
PY
echo "pdf-memory: $(du -h "$work/long.pdf" | cut -f1) PDF of $pages pages" >&2

db="$work/r.db"
peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
/usr/bin/time -v "$bin" ingest "$work/long.pdf" --db "$db" --jobs 2 >/dev/null 2>"$work/run1.err" &
timer=$!
third=$((pages / 3))
while kill -0 "$timer" 2>/dev/null; do
  kept=$(sqlite3 "$db" "SELECT count(*) FROM ingest_page" 2>/dev/null || echo 0)
  if [ "${kept:-0}" -ge "$third" ]; then
    pkill -KILL -P "$timer" || true  # the child of time (it re-executes itself, so not matched by name)
    break
  fi
  sleep 1
done
wait "$timer" || true
kept=$(sqlite3 "$db" "SELECT count(*) FROM ingest_page")
peak1=$(peak "$work/run1.err")
echo "pdf-memory: run 1 killed with $kept of $pages pages kept, peak $((peak1 / 1024)) MB" >&2

/usr/bin/time -v "$bin" ingest "$work/long.pdf" --db "$db" --jobs 2 --json >"$work/run2.json" 2>"$work/run2.err"
peak2=$(peak "$work/run2.err")
resumed=$(python3 -c "import json; print(json.load(open('$work/run2.json'))['resumed_pages'])")
stored=$(sqlite3 "$db" "SELECT count(*) FROM page")
docs=$(sqlite3 "$db" "SELECT count(*) FROM document")
left=$(sqlite3 "$db" "SELECT count(*) FROM ingest_page")
echo "pdf-memory: run 2 took over $resumed pages, stored $stored pages in $docs document(s), $left left staged, peak $((peak2 / 1024)) MB" >&2

ok=1
[ "$peak1" -lt "$limit_kb" ] || { echo "pdf-memory: FAIL run 1 peak $((peak1 / 1024)) MB >= 1024 MB" >&2; ok=0; }
[ "$peak2" -lt "$limit_kb" ] || { echo "pdf-memory: FAIL run 2 peak $((peak2 / 1024)) MB >= 1024 MB" >&2; ok=0; }
[ "$resumed" -eq "$kept" ] && [ "$resumed" -ge 1 ] || { echo "pdf-memory: FAIL kept pages were read again" >&2; ok=0; }
[ "$stored" -eq "$pages" ] && [ "$docs" -eq 1 ] && [ "$left" -eq 0 ] || { echo "pdf-memory: FAIL pages lost or stored twice" >&2; ok=0; }
[ "$ok" -eq 1 ] && echo "pdf-memory: OK (peaks $((peak1 / 1024)) MB and $((peak2 / 1024)) MB for $pages pages)"
[ "$ok" -eq 1 ]
