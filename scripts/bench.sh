#!/usr/bin/env bash
# Benchmark: pfdo-intake against plain tesseract over the same pages, in one run.
#   scripts/bench.sh [CORPUS_DIR] [--ingest-only]     default: samples/
# A large corpus for the ingest figure (200 packets, ~7 min to generate, not committed):
#   python3 scripts/gen_samples.py --seed 1 --profile bench --packets 200 --out .build/bench --jobs 2
#   python3 scripts/sample_registry.py .build/bench > .build/bench/registry.csv
#   scripts/bench.sh .build/bench --ingest-only
# Prints pages per minute for:
#   pfdo-intake ocr      (release build, --jobs = cores): recognition only
#   pfdo-intake extract  (release build): end to end, files to JSON with statuses
#   tesseract -l rus     default settings, one page after another (OpenMP as shipped)
#   tesseract -l rus     OMP_THREAD_LIMIT=1, one process per core
# and the ratios. Then, if a registry export is in the corpus (registry.csv), ingest into a
# fresh database and report packets per minute and the share of time spent outside OCR.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-samples}"
ingest_only=0
[[ "${2:-}" == "--ingest-only" ]] && ingest_only=1
scripts/setup.sh >&2
swift build -c release --product pfdo-intake >&2
bin=.build/release/pfdo-intake
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$ingest_only" -eq 0 ]; then
# The same pages for every contender: each page as an image file (PDF pages taken out as they are).
mkdir -p "$work/pages"
n=0
for f in "$corpus"/*; do
  case "${f,,}" in
    *.pdf) pdfimages -png "$f" "$work/pages/$(basename "${f%.*}")" ;;
    *.tif|*.tiff)
      pages=$(python3 -c "from PIL import Image; im=Image.open('$f'); print(getattr(im,'n_frames',1))")
      if [ "$pages" -gt 1 ]; then
        python3 -c "
from PIL import Image
im = Image.open('$f')
for i in range(im.n_frames):
    im.seek(i); im.save('$work/pages/$(basename "${f%.*}")-%d.png' % i, dpi=im.info.get('dpi', (300, 300)))"
      else cp "$f" "$work/pages/"; fi ;;
    *.png|*.jpg|*.jpeg) cp "$f" "$work/pages/" ;;
  esac
done
pages=$(ls "$work/pages" | wc -l)
echo "corpus: $corpus, $pages pages, $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$pages / ($2 - $1) * 60:.1f}')"; }

t0=$(now); "$bin" ocr "$work/pages" --jobs "$cores" > /dev/null; t1=$(now)
ours_ocr=$(rate "$t0" "$t1")
t0=$(now); "$bin" extract "$work/pages" --jobs "$cores" --json > /dev/null; t1=$(now)
ours_extract=$(rate "$t0" "$t1")
t0=$(now)
for p in "$work/pages"/*; do env -u OMP_THREAD_LIMIT tesseract "$p" - -l rus > /dev/null 2>&1; done
t1=$(now)
tess_default=$(rate "$t0" "$t1")
t0=$(now)
ls "$work/pages"/* | OMP_THREAD_LIMIT=1 xargs -P "$cores" -I{} sh -c 'tesseract "{}" - -l rus > /dev/null 2>&1'
t1=$(now)
tess_omp1=$(rate "$t0" "$t1")

python3 - "$ours_ocr" "$ours_extract" "$tess_default" "$tess_omp1" <<'PY'
import sys
ocr, ext, default, omp1 = map(float, sys.argv[1:])
print(f"{'contender':48} {'pages/min':>10} {'vs default':>11} {'vs OMP=1':>9}")
for name, v in [("pfdo-intake ocr (prepare + recognise)", ocr),
                ("pfdo-intake extract (end to end, JSON)", ext),
                ("tesseract -l rus, default settings", default),
                ("tesseract -l rus, OMP_THREAD_LIMIT=1, all cores", omp1)]:
    print(f"{name:48} {v:10.1f} {v / default:10.1f}x {v / omp1:8.2f}x")
PY

fi

if [ -f "$corpus/registry.csv" ]; then
  db="$work/bench.db"
  "$bin" registry import "$corpus/registry.csv" --db "$db" > /dev/null
  "$bin" ingest "$corpus" --db "$db" --jobs "$cores" --json > "$work/ingest.json" 2> /dev/null || true
  python3 - "$work/ingest.json" "$cores" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); cores = int(sys.argv[2])
packets = s["packetsRegistered"] + s["packetsInReview"] + s["packetsRejected"]
wall = s["seconds"]; ocr = s["ocrSeconds"] / cores
print(f"ingest: {s['files']} files, {s['pages']} pages, {packets} packets in {wall:.1f} s: "
      f"{packets / wall * 60:.1f} packets/min, {s['pages'] / wall * 60:.1f} pages/min; "
      f"time outside OCR {max(0.0, 1 - ocr / wall) * 100:.1f}%")
PY
fi
