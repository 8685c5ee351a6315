#!/usr/bin/env bash
# Runs every test, on SQLite and on a throwaway PostgreSQL cluster (and on SQL Server when
# INCIDENT_TEST_SQLSERVER holds an admin connection string), then prints "N passed, N failed, N skipped".
# Installs what it needs (PostgreSQL, Chromium) when missing. Exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "Installing ${need_packages[*]} ..."
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

# --- throwaway PostgreSQL cluster on a free loopback port ---------------------------------
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pgdir=$(mktemp -d /tmp/incident-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
run_pg "'$pgbin/initdb' -D '$pgdir/data' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
run_pg "'$pgbin/pg_ctl' -D '$pgdir/data' -l '$pgdir/log' -w -o \"-p $pgport -k '$pgdir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
stop_pg() { run_pg "'$pgbin/pg_ctl' -D '$pgdir/data' -m immediate stop" >/dev/null 2>&1; rm -rf "$pgdir"; }
trap stop_pg EXIT
export INCIDENT_TEST_PG="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Pooling=false"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"

status=0
dotnet build Incident.sln -c Release -nologo -v q || exit 1

providers=(sqlite postgres)
[ -n "${INCIDENT_TEST_SQLSERVER:-}" ] && providers+=(sqlserver)
for provider in "${providers[@]}"; do
  echo "=== .NET tests on $provider ==="
  INCIDENT_TEST_PROVIDER=$provider dotnet test Incident.sln -c Release --no-build -nologo \
    --logger "trx;LogFilePrefix=$provider" --results-directory "$results/$provider" || status=1
done

# --- web UI unit tests (vitest) -----------------------------------------------------------
if [ -f src/Incident.Web/package.json ]; then
  echo "=== web UI tests ==="
  (cd src/Incident.Web && npm ci --no-audit --no-fund --loglevel=error \
    && npx vitest run --reporter=default --reporter=junit --outputFile="$results/web-junit.xml") || status=1
fi

python3 scripts/summarize_tests.py "$results" || status=1
exit $status
