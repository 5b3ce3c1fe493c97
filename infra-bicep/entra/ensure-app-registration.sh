#!/bin/sh
# Makes sure the API's Microsoft Entra app registration exists and that the azd environment names it in
# AZURE_AUTH_CLIENT_ID. azd runs it before every provision (azure.yaml, hooks.preprovision); it can also be
# run by hand after `azd env select`. Needs the Azure CLI signed in (`az login`) as someone who may create
# app registrations in the tenant (for example the Application Developer role).
#
# Bicep cannot create the registration: that needs the Microsoft Graph Bicep extension, which is fetched
# from mcr.microsoft.com at build time (see infra-bicep/README.md, "Sign-in").
set -eu

here=$(cd "$(dirname "$0")" && pwd)
manifest="$here/app-registration.json"

if [ "${YUNBAO_ENABLE_AUTH:-true}" = "false" ]; then
  echo "WARNING: YUNBAO_ENABLE_AUTH=false: the API is deployed WITHOUT sign-in. Every route is then protected by" >&2
  echo "         the function key only, and any key holder can forge the X-MS-CLIENT-PRINCIPAL roles header." >&2
  exit 0
fi

if [ -n "${AZURE_AUTH_CLIENT_ID:-}" ]; then
  echo "sign-in: app registration ${AZURE_AUTH_CLIENT_ID} (AZURE_AUTH_CLIENT_ID)"
  exit 0
fi

name="${YUNBAO_AUTH_APP_NAME:-yunbao-api-${AZURE_ENV_NAME:-dev}}"
app_id=$(az ad app list --display-name "$name" --query "[0].appId" -o tsv)
if [ -z "$app_id" ]; then
  echo "sign-in: creating app registration '$name' from infra-bicep/entra/app-registration.json"
  # One Graph call carries the roles, the scope and requestedAccessTokenVersion 2 exactly as the manifest says.
  app_id=$(az rest --method POST --url "https://graph.microsoft.com/v1.0/applications" \
    --headers "Content-Type=application/json" --body "@$manifest" --query appId -o tsv)
  az ad app update --id "$app_id" --display-name "$name"
else
  echo "sign-in: reusing app registration '$name' ($app_id)"
fi

# The identifier URI contains the app id, so it can only be set once the registration exists.
az ad app update --id "$app_id" --identifier-uris "api://$app_id"
# The service principal (enterprise application) is what users and machine callers are assigned roles on;
# with assignment required, only assigned users get a token for the API at all.
az ad sp show --id "$app_id" >/dev/null 2>&1 || az ad sp create --id "$app_id" >/dev/null
az ad sp update --id "$app_id" --set appRoleAssignmentRequired=true

azd env set AZURE_AUTH_CLIENT_ID "$app_id"
echo "sign-in: AZURE_AUTH_CLIENT_ID=$app_id; assign roles as infra-bicep/README.md (\"Sign-in\") describes"
