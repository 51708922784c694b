#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on 127.0.0.1:PORT,
# in a temporary folder that is removed afterwards, whatever the command did.
# Usage: with-throwaway-postgres.sh PORT COMMAND...
set -euo pipefail
port=$1; shift

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/daihoi-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres account.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U daihoi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# max_connections: the hall's load test runs server processes of 32 threads, each
# keeping a connection (docs/deployment.md); PostgreSQL's default of 100 is too few.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null

export DATABASE_URL="postgres://daihoi@127.0.0.1:$port/daihoi"
"${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U daihoi daihoi
"$@"
