// Production: Cosmos DB autoscale, keys off everywhere, one always-ready HTTP instance, longer frame retention.
//   az deployment sub create -l eastasia -f infra-bicep/main.bicep -p infra-bicep/main.prod.bicepparam
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'yunbao-prod')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param districtId = 'lize'
// What Azure has: infra-bicep/hooks/iothub-state.sh prints both (README, "IoT Hub on the first deployment and on redeploys").
param iotHubExists = bool(readEnvironmentVariable('YUNBAO_IOTHUB_EXISTS', 'false'))
param iotHubHasEventGridRoute = bool(readEnvironmentVariable('YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE', 'false'))

param iotHubSku = 'S1'
param iotHubUnits = int(readEnvironmentVariable('YUNBAO_IOTHUB_UNITS', '2'))

param cosmosThroughputMode = 'autoscale'
param cosmosAutoscaleMaxThroughput = int(readEnvironmentVariable('YUNBAO_COSMOS_MAX_RU', '4000'))
param cosmosDisableLocalAuth = true

param functionMaximumInstanceCount = 100
param functionInstanceMemoryMB = 2048
param functionAlwaysReadyHttpInstances = 1

param eventHubsThroughputUnits = 2
param framesCoolAfterDays = 7
param frameRetentionDays = 90
// Azure AI Vision: none (simulation detector, says so in /api/health), create (terms accepted once), existing.
param visionMode = readEnvironmentVariable('YUNBAO_VISION_MODE', 'none')
param visionExistingAccountName = readEnvironmentVariable('YUNBAO_VISION_ACCOUNT', '')
param visionSku = 'S1'

// Sign-in (README, "Sign-in"): the API's Entra app registration. Without a client id the deployment fails
// unless sign-in is switched off explicitly (YUNBAO_ENABLE_AUTH=false leaves the API unprotected).
param enableAuth = bool(readEnvironmentVariable('YUNBAO_ENABLE_AUTH', 'true'))
param authClientId = readEnvironmentVariable('AZURE_AUTH_CLIENT_ID', '')
