#!/usr/bin/env bash
# Runs every test: domain, application, adapters against Azurite and the Cosmos stand-in, function classes with real
# trigger payloads, the end-to-end DevHost run, IoT Hub protocol conformance (incl. mosquitto), architecture, Bicep.
#   ./test.sh                 everything (what CI runs)
#   ./test.sh --fast          the inner loop: everything but the tests marked [Trait("Category", "Slow")]
#                             (end-to-end runs of the local pipeline, module publishing)
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~WorkOrder"
set -euo pipefail
cd "$(dirname "$0")"
export COSMOS_DISABLE_IMDS_ACCESS=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
args=()
if [[ "${1:-}" == "--fast" ]]; then
  shift
  args+=(--filter "Category!=Slow")
fi
tools/install-deps.sh --test
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
rc=0
dotnet test Serverless.sln -c Release "${args[@]}" "$@" 2>&1 | tee "$log" || rc=$?
# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$rc"
