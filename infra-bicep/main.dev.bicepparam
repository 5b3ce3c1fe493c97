// Development: smallest sizes, Cosmos DB serverless (pay per request), everything scales to zero but IoT Hub.
//   az deployment sub create -l eastasia -f infra-bicep/main.bicep -p infra-bicep/main.dev.bicepparam
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'yunbao-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param districtId = 'lize'
// What Azure has: infra-bicep/hooks/iothub-state.sh prints both (README, "IoT Hub on the first deployment and on redeploys").
param iotHubExists = bool(readEnvironmentVariable('YUNBAO_IOTHUB_EXISTS', 'false'))
param iotHubHasEventGridRoute = bool(readEnvironmentVariable('YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE', 'false'))

param iotHubSku = 'S1'
param iotHubUnits = 1

param cosmosThroughputMode = 'serverless'
// Keys stay usable in dev so the portal's Data Explorer and local tools work without data-plane roles.
param cosmosDisableLocalAuth = false

param functionMaximumInstanceCount = 40
param functionInstanceMemoryMB = 2048
param functionAlwaysReadyHttpInstances = 0

param eventHubsThroughputUnits = 1
param framesCoolAfterDays = 0
param frameRetentionDays = 14
// Azure AI Vision: none (simulation detector, says so in /api/health), create (terms accepted once), existing.
param visionMode = readEnvironmentVariable('YUNBAO_VISION_MODE', 'none')
param visionExistingAccountName = readEnvironmentVariable('YUNBAO_VISION_ACCOUNT', '')
param visionSku = 'S1'

// Sign-in (README, "Sign-in"): the API's Entra app registration. Without a client id the deployment fails
// unless sign-in is switched off explicitly (YUNBAO_ENABLE_AUTH=false leaves the API unprotected).
param enableAuth = bool(readEnvironmentVariable('YUNBAO_ENABLE_AUTH', 'true'))
param authClientId = readEnvironmentVariable('AZURE_AUTH_CLIENT_ID', '')
