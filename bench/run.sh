#!/usr/bin/env bash
# Runs every benchmark (not tests: loopback only, bounded) and prints their tables.
#   bench/run.sh              all benchmarks with defaults (outbox, heatmaps, heatmaps-incremental)
#   bench/run.sh outbox --messages 20000
#   bench/run.sh api          HTTP API load on the local runner beside direct Cosmos/Blob reads (about 2 minutes)
#   bench/run.sh pipeline     frames/s upload -> work order, per-frame overhead beside direct storage calls (about 2 minutes)
# Safe to run twice: the stand-ins are started on free loopback ports and stopped at the end of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 COSMOS_DISABLE_IMDS_ACCESS=true
case "${1:-all}" in
  api|pipeline) tools/install-deps.sh ;;   # the npm stand-ins (Azurite, cosmosdb-server) from the lockfile
esac
exec dotnet run -c Release --project bench/Yunbao.Bench -- "${@:-all}"
