#!/usr/bin/env bash
# Runs every test: domain, adapters against Azurite and the Cosmos stand-in, function classes with real
# trigger payloads, the end-to-end DevHost run, IoT Hub protocol conformance (incl. mosquitto), Bicep.
set -euo pipefail
cd "$(dirname "$0")"
export COSMOS_DISABLE_IMDS_ACCESS=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tools/install-deps.sh --test
dotnet test Serverless.sln -c Release "$@"
