#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks, in a directory of its own.
#   scripts/pg_cluster.sh start DIR   initialises a cluster in DIR (made private), starts it on a free port of
#                                     127.0.0.1 and prints its address: postgres://pfdo@127.0.0.1:PORT/postgres
#   scripts/pg_cluster.sh stop DIR    stops it and removes DIR
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user that Debian's
# package creates. Authentication is `trust` on loopback only; fsync is off (the data is thrown away).
# PG_LISTEN="127.0.0.1,10.200.1.1" PG_TRUST_NET=10.200.0.0/16 also listens there and trusts that network
# (the worker benchmark's network namespaces).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bindir/initdb" ]] || { echo "pg_cluster: PostgreSQL server programs not found (scripts/setup.sh --dev installs them)" >&2; exit 1; }
as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

case "$cmd" in
start)
  mkdir -p "$dir"; chmod 700 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U pfdo -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  if [[ -n "${PG_TRUST_NET:-}" ]]; then
    echo "host all all $PG_TRUST_NET trust" | "${as_owner[@]}" tee -a "$dir/data/pg_hba.conf" >/dev/null
  fi
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=${PG_LISTEN:-127.0.0.1} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  echo "postgres://pfdo@127.0.0.1:$port/postgres"
  ;;
stop)
  if [[ -d "$dir/data" ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
