#!/usr/bin/env bash
# Benchmark: pfdo-intake against plain tesseract over the same pages, in one run, per quality.
#   scripts/bench.sh [CORPUS_DIR] [--ingest-only]     default: samples/
#   scripts/bench.sh --workers CORPUS_DIR             1 and 2 worker processes on one queued batch in a
#                                                     PostgreSQL server (scripts/bench_workers.sh)
#   PFDO_BASELINE=/path/to/other/pfdo-intake scripts/bench.sh ...   adds that build as a contender
#   PFDO_BIN=/path/to/pfdo-intake scripts/bench.sh ...               measures that build (no build)
# A large corpus for the ingest figure (200 packets, ~7 min to generate, not committed):
#   python3 scripts/gen_samples.py --seed 1 --profile bench --packets 200 --out .build/bench --jobs 2
#   python3 scripts/sample_registry.py .build/bench > .build/bench/registry.csv
#   scripts/bench.sh .build/bench --ingest-only
# Layout reuse (pages of one printed template read only where they differ) needs a corpus whose
# packets share templates, as a batch from one portal does:
#   python3 scripts/gen_samples.py --seed 1503 --profile bench --packets 16 --one-template --out /tmp/t1503
# For each quality level of the corpus (clean, scan, poor; from its manifest.json) prints pages
# per minute for:
#   pfdo-intake extract  (release build, --jobs = cores): end to end, files to JSON with statuses
#   tesseract -l rus     default settings, one page after another (OpenMP as shipped)
#   tesseract -l rus     OMP_THREAD_LIMIT=1, one process per core
# with the ratios, the CPU time per page (user + system; on a shared machine the figure that still
# compares) and its ratio to the tuned tesseract's, and the share of the pages' text area
# pfdo-intake recognised (a weak page read again counts again). Then, if a registry export is in the corpus (registry.csv), ingest into a
# fresh database and report packets per minute and the share of time spent outside recognition.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--workers" ]]; then shift; exec scripts/bench_workers.sh "$@"; fi
corpus="${1:-samples}"
ingest_only=0
[[ "${2:-}" == "--ingest-only" ]] && ingest_only=1
if [ -z "${PFDO_BIN:-}" ]; then
  scripts/setup.sh >&2
  swift build -c release --product pfdo-intake >&2
fi
bin="${PFDO_BIN:-.build/release/pfdo-intake}"
baseline="${PFDO_BASELINE:-}"
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$ingest_only" -eq 0 ]; then
# The same pages for every contender: each page as an image file (PDF pages taken out as they
# are), in one folder per quality level (from the corpus manifest; "other" without one).
quality_of() {
  python3 - "$corpus/manifest.json" "$1" <<'PY'
import json, sys, os
try:
    m = {s["file"]: s.get("quality", "other") for s in json.load(open(sys.argv[1]))["samples"]}
except Exception:
    m = {}
print(m.get(os.path.basename(sys.argv[2]), "other"))
PY
}
for f in "$corpus"/*; do
  case "${f,,}" in *.pdf|*.tif|*.tiff|*.png|*.jpg|*.jpeg) ;; *) continue ;; esac
  q=$(quality_of "$f")
  [ "$q" = "negative" ] && continue
  d="$work/pages/$q"; mkdir -p "$d"
  case "${f,,}" in
    *.pdf) pdfimages -png "$f" "$d/$(basename "${f%.*}")" ;;
    *.tif|*.tiff)
      python3 -c "
from PIL import Image
im = Image.open('$f')
for i in range(getattr(im, 'n_frames', 1)):
    im.seek(i); im.save('$d/$(basename "${f%.*}")-%d.png' % i, dpi=im.info.get('dpi', (300, 300)))" ;;
    *) cp "$f" "$d/" ;;
  esac
done
echo "corpus: $corpus, $(find "$work/pages" -type f | wc -l) pages, $cores cores," \
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u '+%Y-%m-%d %H:%M UTC')" >&2

# Another build reads the word lists of this checkout (they are found next to the executable).
export PFDO_TRAINING_DATA="${PFDO_TRAINING_DATA:-$PWD/TrainingData}"
now() { date +%s.%N; }
# Wall time and the CPU time (user + system, children included) of one contender's run: on a
# shared machine wall time is not a benchmark, CPU time per page still compares.
run() {  # run QUALITY WHO PAGES COMMAND...
  local q=$1 who=$2 n=$3; shift 3
  local t0 t1; t0=$(now)
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$@"
  t1=$(now)
  echo -e "$q\t$who\t$n\t$t0\t$t1\t$(awk '{print $1 + $2}' "$work/cpu")" >> "$work/results.tsv"
}
: > "$work/results.tsv"
for d in "$work"/pages/*/; do
  q=$(basename "$d"); n=$(ls "$d" | wc -l)
  run "$q" extract "$n" sh -c '"$0" extract "$1" --jobs "$2" --json --explain > "$3"' "$bin" "$d" "$cores" "$work/$q.json"
  if [ -n "$baseline" ]; then
    run "$q" baseline "$n" sh -c '"$0" extract "$1" --jobs "$2" --json > /dev/null' "$baseline" "$d" "$cores"
  fi
  run "$q" default "$n" sh -c 'for p in "$0"*; do env -u OMP_THREAD_LIMIT tesseract "$p" - -l rus > /dev/null 2>&1; done' "$d"
  run "$q" omp1 "$n" sh -c 'ls "$0"* | OMP_THREAD_LIMIT=1 xargs -P "$1" -I{} tesseract {} - -l rus > /dev/null 2>&1' "$d" "$cores"
done

python3 - "$work" <<'PY'
import json, sys, collections
work = sys.argv[1]
rows = collections.defaultdict(dict)
for line in open(f"{work}/results.tsv"):
    q, who, n, t0, t1, cpu = line.split("\t")
    rows[q][who] = (int(n), int(n) / (float(t1) - float(t0)) * 60, float(cpu) / int(n))
names = {"extract": "pfdo-intake extract (end to end)", "baseline": "baseline build, extract",
         "default": "tesseract -l rus, default", "omp1": "tesseract -l rus, OMP=1, all cores"}
print(f"{'quality':8} {'contender':36} {'pages':>5} {'pages/min':>10} {'vs default':>11} {'vs OMP=1':>9} "
      f"{'CPU s/page':>10} {'CPU vs OMP=1':>12} {'area read':>10}")
for q in sorted(rows, key=lambda q: ["clean", "scan", "poor"].index(q) if q in ["clean", "scan", "poor"] else 9):
    r = rows[q]
    pages = json.load(open(f"{work}/{q}.json"))
    pages = pages["pages"] if isinstance(pages, dict) else pages   # {schema_version, pages, failed} since schema 1
    shares = [p["reading"]["areaShare"] for p in pages if p.get("reading")]
    paths = collections.Counter(p["reading"]["path"].split(":")[0].split(" (")[0]
                                + (" after a reused layout's fallback" if "fallback from a reused layout" in p["reading"]["path"] else "")
                                for p in pages if p.get("reading"))
    for who in ["extract", "baseline", "default", "omp1"]:
        if who not in r: continue
        n, v, cpu = r[who]
        area = f"{sum(shares) / len(shares) * 100:9.0f}%" if who == "extract" and shares else ""
        print(f"{q:8} {names[who]:36} {n:5d} {v:10.1f} {v / r['default'][1]:10.2f}x {v / r['omp1'][1]:8.2f}x "
              f"{cpu:10.2f} {r['omp1'][2] / cpu:11.2f}x {area:>10}")
    print(f"{'':8} paths taken: " + ", ".join(f"{k} {c}" for k, c in sorted(paths.items())))
PY

fi

if [ -f "$corpus/registry.csv" ]; then
  db="$work/bench.db"
  "$bin" registry import "$corpus/registry.csv" --db "$db" > /dev/null
  "$bin" ingest "$corpus" --db "$db" --jobs "$cores" --json > "$work/ingest.json" 2> /dev/null || true
  python3 - "$work/ingest.json" "$cores" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); cores = int(sys.argv[2])
packets = s["packets_registered"] + s["packets_in_review"] + s["packets_rejected"]
wall = s["seconds"]; ocr = s["ocr_seconds"] / cores
print(f"ingest: {s['files']} files, {s['pages']} pages, {packets} packets in {wall:.1f} s: "
      f"{packets / wall * 60:.1f} packets/min, {s['pages'] / wall * 60:.1f} pages/min; "
      f"time outside recognition {max(0.0, 1 - ocr / wall) * 100:.1f}%")
PY
fi
