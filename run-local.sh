#!/usr/bin/env bash
# Runs the whole pipeline on this machine: Azurite + Cosmos DB stand-in + IoT Hub stand-in, the
# Functions' services, the HTTP API on 127.0.0.1 and a simulated patrol day in Lize. No Azure account.
# Options go to the runner, e.g. ./run-local.sh --hours 6 --speedup 720   (see --help)
set -euo pipefail
cd "$(dirname "$0")"
export COSMOS_DISABLE_IMDS_ACCESS=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tools/install-deps.sh
# Build quietly first (the partial package registry makes restores print many harmless NU1603 warnings).
dotnet build tools/Yunbao.DevHost -c Release -v q -nologo -clp:ErrorsOnly
exec dotnet run --project tools/Yunbao.DevHost -c Release --no-build -- "$@"
