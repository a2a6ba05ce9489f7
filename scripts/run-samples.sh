#!/usr/bin/env bash
# The main job on the bundled samples: installs what is missing, builds a release binary,
# ingests samples/ into a local SQLite registry and prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product pfdo-intake >&2
bin=.build/release/pfdo-intake
"$bin" doctor >&2
"$bin" ocr samples/ --format text
