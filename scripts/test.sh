#!/usr/bin/env bash
# The test command: installs what is missing, then runs the whole test suite
# (unit tests, end-to-end tests with real Tesseract on samples/, the real executable), and the
# registry and review suites a second time against a throwaway PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
export OMP_THREAD_LIMIT=1   # the test process loads libtesseract itself (see README: Speed)
swift build --build-tests
# A PostgreSQL server of its own in a private temporary directory, removed however the run ends.
pgdir=$(mktemp -d /tmp/pfdo-test-pg.XXXXXX)
trap 'scripts/pg_cluster.sh stop "$pgdir"' EXIT
PFDO_TEST_PG_SERVER="$(scripts/pg_cluster.sh start "$pgdir")?sslmode=disable"
export PFDO_TEST_PG_SERVER   # the multi-worker tests need a server in every run
swift test --skip-build "$@"
# The same store, review-app and registry-command tests on PostgreSQL: one suite, both engines.
PFDO_TEST_POSTGRES="$PFDO_TEST_PG_SERVER" swift test --skip-build \
  --filter 'RegistryTests|ReviewWebTests|OperatorCLITests/testQueuePacketShowRecheckStatusAndExport|OperatorCLITests/testExcelExportIsImportableAgain'
# The committed manual pages say what --help says (regenerated from the parser and compared).
scripts/man.sh --check
# End-to-end: the review web app in headless Chromium, driven by Selenium, over the built executable.
python3 scripts/browser_test.py --binary .build/debug/pfdo-intake
