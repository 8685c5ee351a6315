#!/usr/bin/env bash
# Benchmarks (never part of the test run). Usage: ./scripts/bench.sh intake [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-intake}
requests=${2:-3000}
source scripts/throwaway-postgres.sh
export INCIDENT_BENCH_PG="$INCIDENT_TEST_PG"
case "$what" in
  intake)
    dotnet build bench/Incident.Bench.Intake -c Release -nologo -v q
    for provider in sqlite postgres; do
      dotnet bench/Incident.Bench.Intake/bin/Release/net10.0/Incident.Bench.Intake.dll "$provider" "$requests" | grep -v '^{'
    done ;;
  *) echo "unknown benchmark: $what" >&2; exit 2 ;;
esac
