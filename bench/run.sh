#!/usr/bin/env bash
# Runs every benchmark (not tests: loopback only, bounded) and prints their tables.
#   bench/run.sh              all benchmarks with defaults
#   bench/run.sh outbox --messages 20000
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project bench/Yunbao.Bench -- "${@:-all}"
