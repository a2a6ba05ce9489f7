#!/usr/bin/env bash
# Installs the system packages pfdo-intake needs on Debian/Ubuntu, only those that are missing.
#   scripts/setup.sh          runtime: Tesseract (rus, eng), Leptonica, SQLite, poppler-utils, zlib and
#                             libxml2 (XLSX registry exports: a zip of XML parts), libheif-examples
#                             (heif-convert: HEIC photos from phones)
#   scripts/setup.sh --dev    also what the tests and tooling use: fonts and Pillow/Faker for the
#                             sample generator, Chromium + chromedriver + Selenium for the browser test,
#                             openpyxl to write the workbook the XLSX import test reads, and the PostgreSQL
#                             server the tests start a throwaway cluster of (scripts/pg_cluster.sh)
set -euo pipefail

runtime=(tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng tesseract-ocr-ukr libtesseract-dev libleptonica-dev
         libsqlite3-dev poppler-utils pkg-config zlib1g-dev libxml2 libheif-examples)
dev=(sqlite3 time fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 fonts-freefont-ttf
     fonts-noto-core fonts-paratype fonts-roboto-unhinted fonts-open-sans
     fonts-crosextra-carlito fonts-linuxlibertine fonts-cmu fonts-oldstandard
     fonts-go fonts-jetbrains-mono fonts-anonymous-pro chromium chromium-driver postgresql)

want=("${runtime[@]}")
[[ "${1:-}" == "--dev" ]] && want+=("${dev[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ "${1:-}" == "--dev" ]]; then
  python3 - <<'PY' 2>/dev/null || { echo "setup: installing Python packages for tooling" >&2; python3 -m pip install -q --break-system-packages -r "$(dirname "$0")/requirements.txt" >&2 || python3 -m pip install -q -r "$(dirname "$0")/requirements.txt" >&2; }
import PIL, faker, selenium, openpyxl
PY
fi
echo "setup: system packages ready" >&2
