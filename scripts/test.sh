#!/usr/bin/env bash
# The test command: installs what is missing, then runs the whole test suite
# (unit tests, end-to-end tests with real Tesseract on samples/, the real executable).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
export OMP_THREAD_LIMIT=1   # the test process loads libtesseract itself (see README: Speed)
swift build --build-tests
swift test --skip-build "$@"
# The committed manual pages say what --help says (regenerated from the parser and compared).
scripts/man.sh --check
# End-to-end: the review web app in headless Chromium, driven by Selenium, over the built executable.
python3 scripts/browser_test.py --binary .build/debug/pfdo-intake
