#!/usr/bin/env bash
# The manual pages, generated from the command-line parser itself (swift-argument-parser's
# generate-manual plugin), so they say exactly what --help says.
#
#   scripts/man.sh            regenerate docs/man/pfdo-intake.1 (English) and docs/man/ru/pfdo-intake.1
#                             (Russian, from the help shown under LANG=ru_RU.UTF-8)
#   scripts/man.sh --check    regenerate into a temporary folder and fail (exit 1, with the diff) when
#                             the committed pages differ from what the parser says now
#
# Read one:        man -l docs/man/pfdo-intake.1          (Russian: man -l docs/man/ru/pfdo-intake.1)
# Install:         sudo install -Dm644 docs/man/pfdo-intake.1 /usr/local/share/man/man1/pfdo-intake.1
#                  sudo install -Dm644 docs/man/ru/pfdo-intake.1 /usr/local/share/man/ru/man1/pfdo-intake.1
#                  sudo mandb -q   (then `man pfdo-intake`; with LANG=ru_RU.UTF-8 the Russian page)
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: scripts/man.sh [--check]" >&2; exit 64 ;;
esac

out=docs/man
if $check; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out/ru"

generated=.build/plugins/GenerateManual/outputs/PfdoIntakeCLI/pfdo-intake.1
# The plugin builds the package (debug: the build the tests use) and runs the executable with
# --experimental-dump-help; the language of the help comes from LANG, as for a user.
generate() { # LANG, destination
  rm -f "$generated"
  # The generator drops every character that is not ASCII: the program writes them as @uXXXX@
  # (PFDO_MANUAL_ASCII=1) and they become roff's \[uXXXX] here.
  PFDO_MANUAL_ASCII=1 LANG="$1" LC_ALL="$1" LC_MESSAGES="$1" swift package --disable-sandbox plugin generate-manual \
    --configuration debug --date "$(date -u +%Y-%m-%d)" >&2
  [[ -s "$generated" ]] || { echo "man.sh: the plugin wrote no $generated" >&2; exit 1; }
  sed -E 's/@u([0-9A-F]{4})@/\\[u\1]/g' "$generated" > "$2"
  if grep -q '@u[0-9A-F]' "$2"; then echo "man.sh: unconverted characters in $2" >&2; exit 1; fi
}
generate C.UTF-8 "$out/pfdo-intake.1"
generate ru_RU.UTF-8 "$out/ru/pfdo-intake.1"

if $check; then
  status=0
  for page in pfdo-intake.1 ru/pfdo-intake.1; do
    # The date line (.Dd) is the day of generation, not content.
    if ! diff -u <(grep -v '^\.Dd ' "docs/man/$page") <(grep -v '^\.Dd ' "$out/$page") >&2; then
      echo "man.sh: docs/man/$page is stale: run scripts/man.sh and commit the result" >&2
      status=1
    fi
  done
  exit $status
fi
echo "man.sh: wrote docs/man/pfdo-intake.1 and docs/man/ru/pfdo-intake.1" >&2
