#!/bin/sh
# Asks Azure what the template's two IoT Hub parameters must be, and stores them in the azd environment:
#   YUNBAO_IOTHUB_EXISTS              true when the environment's hub exists (its identity exists: skip the first pass)
#   YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE true when that hub carries IoT Hub's own RouteToEventGrid route, which IoT Hub adds
#                                     with the first Event Grid DeviceTelemetry subscription and which every later update
#                                     must repeat (IH400126 "Cannot add or remove default routes" otherwise)
# Both come from the hub itself (`az iot hub show`), so a first run that failed half-way, or an `azd down`, can never
# leave a stale answer behind. Needs `az login` to the deployment's subscription. With `az deployment sub create`, run
#   eval "$(AZURE_ENV_NAME=... sh infra-bicep/hooks/iothub-state.sh --print)"
# to export the two variables instead of storing them with azd.
set -eu

env_name="${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set (azd sets it; export it when running this by hand)}"
rg="${AZURE_RESOURCE_GROUP:-rg-$env_name}"
sub=""
[ -n "${AZURE_SUBSCRIPTION_ID:-}" ] && sub="--subscription $AZURE_SUBSCRIPTION_ID"

exists=false
route=false
# An assignment, not a test: a failing az (not signed in, no access) stops the hook under set -e instead of reading as "no".
# shellcheck disable=SC2086
group_exists=$(az group exists --name "$rg" $sub -o tsv)
if [ "$group_exists" = "true" ]; then
  # The hub of this environment: the one in its group carrying its azd-env-name tag (main.bicep tags every resource).
  # shellcheck disable=SC2086
  hub=$(az iot hub list --resource-group "$rg" $sub --query "[?tags.\"azd-env-name\"=='$env_name'].name | [0]" -o tsv)
  if [ -n "$hub" ]; then
    exists=true
    # shellcheck disable=SC2086
    count=$(az iot hub show --name "$hub" --resource-group "$rg" $sub --query "length(properties.routing.routes[?name=='RouteToEventGrid'])" -o tsv)
    [ "${count:-0}" -gt 0 ] && route=true
    echo "iothub: $hub exists in $rg (RouteToEventGrid: $route)"
  else
    echo "iothub: no hub of environment '$env_name' in $rg: first deployment of the hub"
  fi
else
  echo "iothub: resource group $rg does not exist: first deployment"
fi

if [ "${1:-}" = "--print" ]; then
  echo "export YUNBAO_IOTHUB_EXISTS=$exists YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE=$route"
else
  azd env set YUNBAO_IOTHUB_EXISTS "$exists"
  azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE "$route"
fi
