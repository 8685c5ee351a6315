#!/usr/bin/env bash
# Runs every test, on SQLite and on a throwaway PostgreSQL cluster (and on SQL Server when
# INCIDENT_TEST_SQLSERVER holds an admin connection string), then prints "N passed, N failed, N skipped".
# Installs what it needs (PostgreSQL, Chromium) when missing. Exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium (browser tests) ..."
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else sudo apt-get update -qq; sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi
fi
source scripts/throwaway-postgres.sh

status=0
dotnet build Incident.sln -c Release -nologo -v q || exit 1

providers=(sqlite postgres)
[ -n "${INCIDENT_TEST_SQLSERVER:-}" ] && providers+=(sqlserver)
for provider in "${providers[@]}"; do
  echo "=== .NET tests on $provider ==="
  # The fault tests (tests/Incident.Api.Tests/Faults: kill -9, database outage, two nodes behind nginx) are PostgreSQL's.
  filter=(); [ "$provider" != postgres ] && filter=(--filter "Category!=Faults")
  INCIDENT_TEST_PROVIDER=$provider dotnet test Incident.sln -c Release --no-build -nologo "${filter[@]}" \
    --logger "trx;LogFilePrefix=$provider" --results-directory "$results/$provider" || status=1
done

# --- web UI unit tests (vitest) -----------------------------------------------------------
if [ -f src/Incident.Web/package.json ]; then
  echo "=== web UI tests ==="
  (cd src/Incident.Web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } \
    && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/web-junit.xml") || status=1
fi

python3 scripts/summarize_tests.py "$results" || status=1
exit $status
