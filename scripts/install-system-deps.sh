#!/usr/bin/env bash
# Debian packages the tests need: a PostgreSQL server and its client programs (pg_dump,
# pg_restore), Chromium for the browser tests, gettext for the translations, fonts with
# every Vietnamese diacritic, poppler to look at the PDFs.
# Installs only what is missing; needs root (or sudo) only then.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# pg_dump and pg_restore: `daihoi backup` and `daihoi restore` on PostgreSQL.
{ command -v pg_dump && command -v pg_restore; } >/dev/null 2>&1 || need+=(postgresql-client)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Liberation Serif: the metric twin of Times New Roman, the Party documents' font.
ls /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf >/dev/null 2>&1 \
  || need+=(fonts-liberation2)
# pdftoppm and pdftotext: the document tests look at the PDFs they draw.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
