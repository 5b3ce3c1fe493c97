#!/bin/sh
# The Cosmos DB throughput model is chosen when the account is created: an existing account does not switch between
# serverless and provisioned (autoscale) by redeploying (README, "Cosmos DB mode"). Refuse a provision that asks for the
# other mode than the existing account has, with the way out, instead of letting ARM fail half-way.
set -eu

env_name="${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set}"
rg="${AZURE_RESOURCE_GROUP:-rg-$env_name}"
wanted="${YUNBAO_COSMOS_MODE:-serverless}"
sub=""
[ -n "${AZURE_SUBSCRIPTION_ID:-}" ] && sub="--subscription $AZURE_SUBSCRIPTION_ID"

# shellcheck disable=SC2086
group_exists=$(az group exists --name "$rg" $sub -o tsv)
[ "$group_exists" = "true" ] || exit 0
# shellcheck disable=SC2086
caps=$(az cosmosdb list --resource-group "$rg" $sub --query "[?tags.\"azd-env-name\"=='$env_name'] | [0].capabilities[].name" -o tsv)
# shellcheck disable=SC2086
account=$(az cosmosdb list --resource-group "$rg" $sub --query "[?tags.\"azd-env-name\"=='$env_name'] | [0].name" -o tsv)
[ -n "$account" ] || exit 0
have=autoscale
echo "$caps" | grep -qx EnableServerless && have=serverless
if [ "$have" != "$wanted" ]; then
  echo "ERROR: Cosmos DB account $account is $have but YUNBAO_COSMOS_MODE asks for $wanted." >&2
  echo "       The mode is fixed when the account is created. Keep it (azd env set YUNBAO_COSMOS_MODE $have), or deploy a new" >&2
  echo "       environment in the other mode and move the data (infra-bicep/README.md, \"Cosmos DB mode\")." >&2
  exit 1
fi
echo "cosmos: $account is $have, as asked"
