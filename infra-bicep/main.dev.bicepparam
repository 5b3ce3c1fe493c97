// Development: smallest sizes, Cosmos DB serverless (pay per request), everything scales to zero but IoT Hub.
//   az deployment sub create -l eastasia -f infra-bicep/main.bicep -p infra-bicep/main.dev.bicepparam
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'yunbao-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param districtId = 'lize'
// false on the first deployment of an environment, true afterwards (see README, "IoT Hub on redeploy").
param iotHubExists = bool(readEnvironmentVariable('YUNBAO_IOTHUB_EXISTS', 'false'))

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
param visionSku = 'S1'

// Sign-in (README, "Sign-in"): the API's Entra app registration. Without a client id the deployment fails
// unless sign-in is switched off explicitly (YUNBAO_ENABLE_AUTH=false leaves the API unprotected).
param enableAuth = bool(readEnvironmentVariable('YUNBAO_ENABLE_AUTH', 'true'))
param authClientId = readEnvironmentVariable('AZURE_AUTH_CLIENT_ID', '')
