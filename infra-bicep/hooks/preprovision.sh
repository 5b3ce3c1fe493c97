#!/bin/sh
# azd's preprovision hook (azure.yaml): everything the template needs to know that only Azure can say, asked before
# every provision, so no decision rests on the outputs of a run that may have failed.
#   1. the API's Entra app registration (AZURE_AUTH_CLIENT_ID)         entra/ensure-app-registration.sh
#   2. does the IoT Hub exist, and does it carry RouteToEventGrid?      hooks/iothub-state.sh
#   3. is the requested Cosmos DB mode the existing account's mode?     hooks/cosmos-mode.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../entra/ensure-app-registration.sh"
sh "$here/iothub-state.sh"
sh "$here/cosmos-mode.sh"
