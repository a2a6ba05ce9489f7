#!/usr/bin/env bash
# Scale-out benchmark: one queued batch read by 1 and then 2 worker processes (one thread each) against a
# throwaway PostgreSQL server on this machine, over the same corpus; then 2 workers in two network
# namespaces that reach the server over a veth network, as workers on other hosts would.
#   scripts/bench.sh --workers CORPUS_DIR          (CORPUS_DIR with registry.csv, e.g. from gen_samples.py)
#   PFDO_BIN=/path/to/pfdo-intake scripts/bench.sh --workers CORPUS_DIR
# Prints pages/min for each run, the scaling ratio, the database's work per page (statements,
# milliseconds each worker waited for the database and held the writers' lock) and the workers' CPU
# seconds per page (which, unlike wall time, another load on the machine does not change). The
# namespaces need root and iproute2.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:?usage: scripts/bench.sh --workers CORPUS_DIR}"
[[ -f "$corpus/registry.csv" ]] || { echo "bench: $corpus/registry.csv is missing (scripts/sample_registry.py writes it)" >&2; exit 2; }
if [ -z "${PFDO_BIN:-}" ]; then
  scripts/setup.sh --dev >&2
  swift build -c release --product pfdo-intake >&2
fi
bin=$(realpath "${PFDO_BIN:-.build/release/pfdo-intake}")
work=$(mktemp -d /tmp/pfdo-bench-workers.XXXXXX)
pgdir=$(mktemp -d /tmp/pfdo-bench-pg.XXXXXX)   # its own: the server's user must reach it
netns=0
if [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null; then netns=1; fi
cleanup() {
  if [[ $netns -eq 1 ]]; then
    for n in 1 2; do ip netns del "pfdo-w$n" 2>/dev/null || true; ip link del "pfdo-h$n" 2>/dev/null || true; done
  fi
  scripts/pg_cluster.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT

listen=127.0.0.1
if [[ $netns -eq 1 ]]; then
  # Two "hosts": a namespace each, joined to this one by a veth pair on its own /24.
  for n in 1 2; do
    ip netns del "pfdo-w$n" 2>/dev/null || true; ip link del "pfdo-h$n" 2>/dev/null || true
    ip netns add "pfdo-w$n"
    ip link add "pfdo-h$n" type veth peer name eth0 netns "pfdo-w$n"
    ip addr add "10.200.$n.1/24" dev "pfdo-h$n"; ip link set "pfdo-h$n" up
    ip -n "pfdo-w$n" addr add "10.200.$n.2/24" dev eth0
    ip -n "pfdo-w$n" link set eth0 up; ip -n "pfdo-w$n" link set lo up
  done
  listen="127.0.0.1,10.200.1.1,10.200.2.1"
fi
server=$(PG_LISTEN="$listen" PG_TRUST_NET=10.200.0.0/16 scripts/pg_cluster.sh start "$pgdir")
port=$(cat "$pgdir/port")
pages_total=""

# run NAME WORKERS [netns]: a fresh database, the registry, the queue, then WORKERS worker processes.
run() {
  local name=$1 workers=$2 ns=${3:-}
  local db="bench_$name"
  psql -XAtq "$server" -c "CREATE DATABASE $db" >/dev/null
  local url="postgres://pfdo@127.0.0.1:$port/$db?sslmode=disable"
  "$bin" registry import "$corpus/registry.csv" --db "$url" >/dev/null 2>&1
  "$bin" ingest "$corpus" --enqueue --db "$url" -q >/dev/null 2>&1
  local start end pids=()
  start=$(date +%s.%N)
  for w in $(seq 1 "$workers"); do
    local wurl="$url" prefix=()
    if [[ -n "$ns" ]]; then wurl="postgres://pfdo@10.200.$w.1:$port/$db?sslmode=disable"; prefix=(ip netns exec "pfdo-w$w"); fi
    OMP_THREAD_LIMIT=1 "${prefix[@]}" /usr/bin/time -f "%U %S" -o "$work/$name-$w.cpu" \
      "$bin" worker --db "$wurl" --jobs 1 --name "$name-$w" --format json >"$work/$name-$w.json" 2>"$work/$name-$w.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  python3 - "$work" "$name" "$workers" "$start" "$end" "$(psql -XAtq "$url" -c "SELECT COALESCE(SUM(pages),0) FROM ingest_job WHERE state = 'done'")" \
    "$(psql -XAtq "$url" -c "SELECT count(*) FROM ingest_job WHERE state <> 'done'")" <<'PY'
import json, sys
work, name, workers, start, end, pages, unfinished = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
stmts = secs = locked = cpu = 0
for w in range(1, workers + 1):
    s = json.load(open(f"{work}/{name}-{w}.json"))
    stmts += s["database_statements"]; secs += s["database_seconds"]; locked += s["database_serialized_seconds"]
    cpu += sum(float(x) for x in open(f"{work}/{name}-{w}.cpu").read().split()[-2:])
wall = end - start
print(f"{name:<22} {workers} worker(s)  {pages:4d} pages in {wall:6.1f} s  {pages / wall * 60:6.1f} pages/min   "
      f"db {stmts / max(pages, 1):5.1f} statements, {secs * 1000 / max(pages, 1):6.1f} ms waited, {locked * 1000 / max(pages, 1):5.1f} ms under the writers' lock per page"
      + f"   workers' CPU {cpu / max(pages, 1):.2f} s per page"
      + (f"   ({unfinished} file(s) not done!)" if unfinished else ""))
open(f"{work}/{name}.ppm", "w").write(str(pages / wall * 60))
PY
}

echo "corpus $corpus, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), $("$bin" --version 2>/dev/null | head -1)"
run one 1
run two 2
python3 -c "a=float(open('$work/one.ppm').read()); b=float(open('$work/two.ppm').read()); print(f'scaling: 2 workers = {b/a:.2f}x one worker')"
if [[ $netns -eq 1 ]]; then
  run two_netns 2 netns
  python3 -c "a=float(open('$work/one.ppm').read()); b=float(open('$work/two_netns.ppm').read()); print(f'scaling over the namespace network: {b/a:.2f}x one worker')"
else
  echo "(network namespaces skipped: they need root and iproute2)"
fi
