#!/usr/bin/env bash
# Benchmarks (never part of the test run). Usage: ./scripts/bench.sh intake|startup|workflows|detector|live|nab-cv|clustering|governance [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-intake}
if [ "$what" = nab-cv ]; then
  # ADR-0012: held-out NAB score of the detector (no database needed); extra arguments go to the driver.
  shift
  exec python3 scripts/nab_cv.py "$@"
fi
requests=${2:-3000}
if [ "$what" = clustering ]; then
  # No database: quality and speed of the sample clustering, on the labelled generator and on Debian's package
  # synopses fetched through apt at bench time (never committed).
  bench/Incident.Bench.Clustering/fetch-debian-synopses.sh artifacts/bench/clustering
  dotnet build bench/Incident.Bench.Clustering -c Release -nologo -v q
  bin=bench/Incident.Bench.Clustering/bin/Release/net10.0/Incident.Bench.Clustering.dll
  dotnet "$bin" synthetic
  dotnet "$bin" scale
  for set in artifacts/bench/clustering/debian-en.tsv artifacts/bench/clustering/debian-zh.tsv; do dotnet "$bin" tsv "$set"; done
  exit 0
fi
source scripts/throwaway-postgres.sh
export INCIDENT_BENCH_PG="$INCIDENT_TEST_PG"
case "$what" in
  intake)
    dotnet build bench/Incident.Bench.Intake -c Release -nologo -v q
    for provider in sqlite postgres; do
      dotnet bench/Incident.Bench.Intake/bin/Release/net10.0/Incident.Bench.Intake.dll "$provider" "$requests" | grep -v '^{'
    done ;;
  startup)
    dotnet build bench/Incident.Bench.Intake -c Release -nologo -v q
    for provider in sqlite postgres; do
      dotnet bench/Incident.Bench.Intake/bin/Release/net10.0/Incident.Bench.Intake.dll startup "$provider" | grep -v '^{'
    done ;;
  workflows)
    dotnet run -c Release --project bench/Incident.Bench.Workflows ;;
  detector)
    for provider in sqlite postgres; do
      dotnet run -c Release --project bench/Incident.Bench.Detector -- "$(cd .. && pwd)/shared/data/nab/data" "$provider"
    done ;;
  live)
    dotnet run -c Release --project bench/Incident.Bench.Live ;;
  governance)
    # Issue 9: one rule's effectiveness over 1,000,000 enforcement records and 20,000 appeals (PostgreSQL, COPY-seeded),
    # GET through HTTP against the same aggregate SQL run bare; the web UI is not needed.
    dotnet build bench/Incident.Bench.Governance -c Release -nologo -v q -p:SkipWebBuild=true
    dotnet bench/Incident.Bench.Governance/bin/Release/net10.0/Incident.Bench.Governance.dll "${2:-200}" | grep -v '^{' ;;
  *) echo "unknown benchmark: $what (intake | startup | workflows | detector | live | nab-cv | clustering | governance)" >&2; exit 2 ;;
esac
