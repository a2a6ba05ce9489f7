#!/usr/bin/env bash
# The main job on the bundled samples: installs what is missing, builds a release binary,
# loads the sample registry export into an embedded SQLite registry and ingests samples/:
# every page is read, extracted and validated, packets are matched to their registry entries
# and activated or sent to the review queue. Prints the summary.
#   scripts/run-samples.sh [DB]     default DB: pfdo-intake.db in the working directory ($PFDO_DB)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-${PFDO_DB:-pfdo-intake.db}}"
scripts/setup.sh
swift build -c release --product pfdo-intake >&2
bin=.build/release/pfdo-intake
"$bin" doctor >&2
"$bin" registry import samples/registry.csv --db "$db"
"$bin" ingest samples/ --db "$db"
echo
echo "registry: $db   (pfdo-intake registry export --db $db; pfdo-intake review --db $db)"
