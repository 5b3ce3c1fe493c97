// Yunbao on Azure: everything the platform needs in one resource group, wired with managed identities.
// `azd up` (azure.yaml at the repo root) or `az deployment sub create` with main.<env>.bicepparam.
targetScope = 'subscription'

@description('Environment name (azd\'s AZURE_ENV_NAME); part of every resource name and the azd-env-name tag.')
@minLength(1)
@maxLength(24)
param environmentName string

// Regions where every resource here exists, Flex Consumption included (README, "Regions"): the Flex Consumption
// regions (az functionapp list-flexconsumption-locations, the authority; the preprovision hook asks it too) that also
// offer IoT Hub, Cosmos DB, Event Hubs and Event Grid.
@description('Azure region for all resources. Only regions that offer every resource, Flex Consumption included (README, "Regions").')
@allowed([
  'australiaeast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'westeurope'
  'westus2'
  'westus3'
])
param location string

@description('Region of the Static Web App serving the pages (Static Web Apps runs in westus2, centralus, eastus2, westeurope and eastasia).')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = 'eastasia'

@description('Resource group to create or update; empty means rg-{environmentName}.')
param resourceGroupName string = ''

@description('District this deployment serves (District__DistrictId; the Cosmos partition key value).')
@minLength(1)
param districtId string = 'lize'

@description('IoT Hub tier (S1 holds 400k messages per unit per day).')
@allowed([
  'S1'
  'S2'
  'S3'
])
param iotHubSku string = 'S1'

@description('IoT Hub units (each S1 unit adds 400k messages/day and 12 device-to-cloud sends/s).')
@minValue(1)
@maxValue(200)
param iotHubUnits int = 1

@description('Cosmos DB throughput model, chosen when the account is CREATED: serverless (dev: pay per request unit) or autoscale (prod: provisioned, 10%-100% of the max). An existing account cannot switch in place; the preprovision hook refuses a change (README, "Cosmos DB mode").')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosThroughputMode string = 'serverless'

@description('Autoscale maximum RU/s shared by the four containers (autoscale mode only; the floor is 10% of it).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Turn off Cosmos DB key authentication so only Entra ID data-plane roles work.')
param cosmosDisableLocalAuth bool = true

@description('Maximum instances the Flex Consumption app scales out to (40-1000).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (0 = scale to zero; each is billed while idle).')
@minValue(0)
@maxValue(20)
param functionAlwaysReadyHttpInstances int = 0

@description('Event Hubs Standard throughput units.')
@minValue(1)
@maxValue(40)
param eventHubsThroughputUnits int = 1

@description('Days after which a camera frame blob moves to the cool tier (0 = never; cool bills at least 30 days).')
@minValue(0)
param framesCoolAfterDays int = 0

@description('Days a camera frame blob is kept before the lifecycle rule deletes it.')
@minValue(1)
param frameRetentionDays int = 14

@description('Azure AI Vision for the detector: none (default; the simulation detector runs and /api/health says so), create (an account in this resource group; the subscription must have accepted the Responsible AI terms once, README "Azure AI Vision"), existing (an account you name).')
@allowed([
  'none'
  'create'
  'existing'
])
param visionMode string = 'none'

@description('visionMode existing: name of the Computer Vision account (custom subdomain, local auth off is fine).')
param visionExistingAccountName string = ''

@description('visionMode existing: its resource group (default: this deployment\'s group).')
param visionExistingResourceGroup string = ''

@description('Azure AI Vision tier (F0 is free but limited to 20 calls/min and one per subscription).')
@allowed([
  'F0'
  'S1'
])
param visionSku string = 'S1'

@description('Region of the Azure AI Vision account; Image Analysis 4.0 object detection is offered in a subset of regions.')
param visionLocation string = location

@description('Allow shared-key access on the storage account. Off by default; see README (IoT Hub file upload).')
param storageAllowSharedKeyAccess bool = false

@description('True when the IoT Hub exists already (its identity too). Set by the preprovision hook, which asks Azure (infra-bicep/hooks/iothub-state.sh), never from a previous run\'s outputs.')
param iotHubExists bool = false

@description('True when the existing hub has IoT Hub\'s own RouteToEventGrid route (added when the Event Grid DeviceTelemetry subscription was created); every update must then repeat it (IH400126). Set by the preprovision hook from the hub itself.')
param iotHubHasEventGridRoute bool = false

@description('Seconds a first deployment waits after role grants before the steps that need them (IoT Hub identity endpoints, Event Grid identity delivery, the first code publish). Azure RBAC: up to about 10 minutes.')
@minValue(0)
@maxValue(1800)
param roleWaitSeconds int = 300

@description('Put the function app behind Microsoft Entra ID sign-in (App Service Authentication). Keep true: with false the app is UNPROTECTED apart from function keys, and any key holder can forge the X-MS-CLIENT-PRINCIPAL roles header. With true and no authClientId the deployment fails before anything is created.')
param enableAuth bool = true

@description('Application (client) id of the API\'s Entra app registration (infra-bicep/entra/app-registration.json; azd: AZURE_AUTH_CLIENT_ID). Required when enableAuth is true.')
param authClientId string = ''

@description('Entra tenant that issues the tokens (default: the tenant of the deployment).')
param authTenantId string = tenant().tenantId

@description('Token audiences (aud) the API accepts. Default: the identifier URI api://{authClientId} and the bare client id, which is the aud of the v2.0 access tokens the registration issues.')
param authAllowedAudiences array = [
  'api://${authClientId}'
  authClientId
]

@description('Optional: client application ids allowed to call the API (azp/appid claim). Empty: any client of the tenant holding a token for this API.')
param authAllowedClientApplications array = []

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
// IoT Hub offers TLS 1.2 enforcement (minTlsVersion) only in these regions and refuses to create a hub with it elsewhere
// (learn.microsoft.com/azure/iot-hub/iot-hub-tls-support, "TLS 1.2 enforcement"). Elsewhere the hub still speaks TLS 1.2,
// and since 2025-08-31 nothing older; the edge client offers TLS 1.2 only.
var iotHubTls12EnforcementRegions = [
  'eastus'
  'southcentralus'
  'westus2'
  'usgovarizona'
  'usgovvirginia'
]
var iotHubEnforceTls12 = contains(iotHubTls12EnforcementRegions, toLower(location))
// Waits only on a first deployment (no hub yet): later runs find the grants in place.
var firstDeploymentRoleWait = iotHubExists ? 0 : roleWaitSeconds
var useVision = visionMode != 'none'
var visionResourceGroupName = visionMode == 'existing' && !empty(visionExistingResourceGroup) ? visionExistingResourceGroup : names.resourceGroup
var visionAccountName = visionMode == 'existing' ? visionExistingAccountName : names.vision
var tags = {
  'azd-env-name': environmentName
  application: 'yunbao'
  district: districtId
}
// Sign-in on without an app registration would deploy an app that refuses every token; fail up front instead.
// The check sits in the resource group's name because everything else depends on the group, so preflight
// stops before anything is created.
var authConfigurationError = 'enableAuth is true but authClientId is empty: create the Entra app registration (infra-bicep/README.md, "Sign-in") and set AZURE_AUTH_CLIENT_ID, or deploy explicitly without sign-in with YUNBAO_ENABLE_AUTH=false (unprotected).'
var names = {
  resourceGroup: enableAuth && empty(authClientId)
    ? fail(authConfigurationError)
    : empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  logAnalytics: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  cosmos: 'cosmos-${resourceToken}'
  eventHubs: 'evhns-${resourceToken}'
  iotHub: 'iot-${resourceToken}'
  vision: 'cv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  storageTopic: 'evgt-st-${resourceToken}'
  iotHubTopic: 'evgt-iot-${resourceToken}'
  deploymentContainer: 'app-package'
}

// Names the code reads: keep in step with local.settings.sample.json.
var framesContainer = 'frames'
var frameEventsQueue = 'frame-events'
var telemetryQueue = 'telemetry'
var telemetryHub = 'telemetry'
var opsEventsHub = 'ops-events'
// Served without a token (README, "Sign-in"): the health probe, the read-only heatmap tiles, TileJSON and
// manifest for map clients, and the citizen Open311 routes, which check their own api_key.
var publicPaths = [
  '/api/health'
  '/api/heatmaps/*'
  '/api/open311/*'
  '/api/district/*'
  '/api/catalog'
  '/api/GetRoles'
]
var telemetryTypes = [
  'position'
  'sensor'
  'alert'
]

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.appInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    framesContainerName: framesContainer
    framesCoolAfterDays: framesCoolAfterDays
    framesRetentionDays: frameRetentionDays
    allowSharedKeyAccess: storageAllowSharedKeyAccess
  }
}

module cosmos 'modules/cosmos.bicep' = {
  scope: rg
  params: {
    accountName: names.cosmos
    location: location
    tags: tags
    throughputMode: cosmosThroughputMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    disableLocalAuth: cosmosDisableLocalAuth
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  scope: rg
  params: {
    namespaceName: names.eventHubs
    location: location
    tags: tags
    capacity: eventHubsThroughputUnits
  }
}

// Only with visionMode create: a subscription that never accepted the Responsible AI terms gets ResourceKindRequireAcceptTerms here.
module vision 'modules/vision.bicep' = if (visionMode == 'create') {
  scope: rg
  params: {
    name: names.vision
    location: visionLocation
    tags: tags
    skuName: visionSku
  }
}

// First deployment, pass 1: the hub and its identity, routes to the built-in endpoint only.
module iotHubIdentity 'modules/iothub.bicep' = if (!iotHubExists) {
  name: 'iothub-identity'
  scope: rg
  params: {
    name: names.iotHub
    location: location
    tags: tags
    skuName: iotHubSku
    capacity: iotHubUnits
    enforceTls12: iotHubEnforceTls12
    configureIdentityEndpoints: false
    hasEventGridRoute: false
    eventGridTelemetryTypes: telemetryTypes
  }
}

// Later deployments: the hub and its identity are there already.
resource existingIotHub 'Microsoft.Devices/IotHubs@2023-06-30' existing = if (iotHubExists) {
  name: names.iotHub
  scope: rg
}

var iotHubPrincipalId = iotHubExists ? existingIotHub!.identity.principalId : iotHubIdentity!.outputs.principalId

module iotHubRoles 'modules/iothub-roles.bicep' = {
  scope: rg
  params: {
    // Role assignment names include the principal, so a recreated identity gets fresh assignments.
    #disable-next-line what-if-short-circuiting
    principalId: iotHubPrincipalId
    storageAccountName: names.storage
    eventHubsNamespaceName: names.eventHubs
    telemetryHubName: telemetryHub
  }
  dependsOn: [
    storage
    eventHubs
  ]
}

// IoT Hub checks an identity-based endpoint's access when it is saved: give the new grants time on a first deployment.
module iotHubRolesPropagated 'modules/wait-for-role-propagation.bicep' = if (firstDeploymentRoleWait > 0) {
  name: 'wait-iothub-roles'
  scope: rg
  params: {
    name: 'wait-iothub-roles'
    location: location
    tags: tags
    seconds: firstDeploymentRoleWait
    reason: 'IoT Hub identity -> Storage Blob Data Contributor, Event Hubs Data Sender'
  }
  dependsOn: [
    iotHubRoles
  ]
}

// Pass 2 (the only pass later on): the same hub with its identity-based Event Hubs route and file upload, now that the roles exist.
module iotHub 'modules/iothub.bicep' = {
  name: 'iothub'
  scope: rg
  params: {
    name: names.iotHub
    location: location
    tags: tags
    skuName: iotHubSku
    capacity: iotHubUnits
    enforceTls12: iotHubEnforceTls12
    configureIdentityEndpoints: true
    hasEventGridRoute: iotHubExists && iotHubHasEventGridRoute
    uploadStorageAccountName: storage.outputs.name
    uploadContainerName: framesContainer
    telemetryEventHubEndpointUri: eventHubs.outputs.endpointUri
    telemetryEventHubName: telemetryHub
    eventGridTelemetryTypes: telemetryTypes
  }
  dependsOn: [
    iotHubRoles
    iotHubRolesPropagated
  ]
}

module eventGrid 'modules/eventgrid.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    iotHubName: names.iotHub
    storageTopicName: names.storageTopic
    iotHubTopicName: names.iotHubTopic
    framesContainerName: framesContainer
    frameEventsQueueName: frameEventsQueue
    telemetryQueueName: telemetryQueue
    telemetryTypes: telemetryTypes
    roleWaitSeconds: firstDeploymentRoleWait
  }
  dependsOn: [
    storage
    iotHub
  ]
}

module functionApp 'modules/functions.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    azdServiceName: 'api'
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    eventHubsFullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
    opsEventsHubName: opsEventsHub
    // Empty without Vision: the app then runs the simulation detector (functions.bicep). Nothing else needs Vision.
    visionEndpoint: visionEndpoint
    detectorProvider: useVision ? 'azure-vision' : 'simulation'
    applicationInsightsName: names.appInsights
    districtId: districtId
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    alwaysReadyHttpInstances: functionAlwaysReadyHttpInstances
  }
  dependsOn: [
    monitoring
  ]
}

module auth 'modules/auth.bicep' = {
  scope: rg
  params: {
    siteName: names.functionApp
    enabled: enableAuth
    clientId: authClientId
    tenantId: authTenantId
    allowedAudiences: authAllowedAudiences
    allowedClientApplications: authAllowedClientApplications
    excludedPaths: publicPaths
  }
  dependsOn: [
    functionApp
  ]
}

// The operations console and steward pages: Static Web Apps with the Functions app linked as /api.
module web 'modules/static-web-app.bicep' = {
  scope: rg
  params: {
    name: 'swa-${resourceToken}'
    location: staticWebAppLocation
    tags: tags
    functionAppId: functionApp.outputs.id
    functionAppLocation: location
  }
}

module functionAppRoles 'modules/function-app-roles.bicep' = {
  scope: rg
  params: {
    #disable-next-line what-if-short-circuiting
    principalId: functionApp.outputs.principalId
    storageAccountName: names.storage
    cosmosAccountName: names.cosmos
    eventHubsNamespaceName: names.eventHubs
    opsEventsHubName: opsEventsHub
    applicationInsightsName: names.appInsights
  }
}

// The existing account's endpoint (visionMode existing), read where the account lives.
resource existingVision 'Microsoft.CognitiveServices/accounts@2026-07-01' existing = if (visionMode == 'existing') {
  name: visionAccountName
  scope: resourceGroup(visionResourceGroupName)
}

var visionEndpoint = visionMode == 'create' ? vision!.outputs.endpoint : visionMode == 'existing' ? existingVision!.properties.endpoint : ''

module visionRole 'modules/vision-role.bicep' = if (useVision) {
  name: 'vision-role'
  scope: resourceGroup(visionResourceGroupName)
  params: {
    #disable-next-line what-if-short-circuiting
    principalId: functionApp.outputs.principalId
    visionAccountName: visionAccountName
  }
}

// azd publishes the code right after provisioning, and Flex Consumption reads the package with the app's identity:
// on a first deployment provisioning ends only once the app's grants had time to propagate.
module functionAppRolesPropagated 'modules/wait-for-role-propagation.bicep' = if (firstDeploymentRoleWait > 0) {
  name: 'wait-functionapp-roles'
  scope: rg
  params: {
    name: 'wait-functionapp-roles'
    location: location
    tags: tags
    seconds: firstDeploymentRoleWait
    reason: 'function app identity -> storage, Cosmos DB, Event Hubs, App Insights (and Vision)'
  }
  dependsOn: [
    functionAppRoles
    visionRole
  ]
}

// Outputs azd writes into .azure/{env}/.env; all are names and endpoints, none is a secret.
@description('The pages: {url}/console/ (dispatchers) and {url}/steward/ (stewards).')
output SERVICE_WEB_URI string = web.outputs.url

@description('Region the platform runs in.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group that holds everything.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Function app azd deploys the `api` service to.')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('Base URL of the HTTP API (append /api/...).')
output SERVICE_API_URI string = functionApp.outputs.url

@description('Function app name.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Public base URL of heatmap tiles: {url}/{layer}/{window}/{z}/{x}/{y}.png.')
output HEATMAPS_TILE_BASE_URL string = functionApp.outputs.tileBaseUrl

@description('IoT Hub name for az iot commands.')
output IOTHUB_NAME string = iotHub.outputs.name

@description('Host name devices and edge gateways connect to.')
output IOTHUB_HOSTNAME string = iotHub.outputs.hostName

@description('Storage account name.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob endpoint (Storage__blobServiceUri).')
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Queue endpoint (Storage__queueServiceUri).')
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint

@description('Cosmos DB endpoint (Cosmos__accountEndpoint).')
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('Cosmos DB database name.')
output AZURE_COSMOS_DATABASE_NAME string = cosmos.outputs.databaseName

@description('Event Hubs namespace host name (EventHubs__fullyQualifiedNamespace).')
output AZURE_EVENTHUBS_NAMESPACE string = eventHubs.outputs.fullyQualifiedNamespace

@description('Azure AI Vision endpoint (Vision__Endpoint); empty with visionMode none.')
output AZURE_VISION_ENDPOINT string = visionEndpoint

@description('Detector the function app runs: azure-vision, or simulation when there is no Vision (visionMode none).')
output YUNBAO_DETECTOR_PROVIDER string = useVision ? 'azure-vision' : 'simulation'

@description('Whether this hub enforces TLS 1.2 (only offered in some regions; fixed at creation).')
output IOTHUB_TLS12_ENFORCED bool = iotHubEnforceTls12

@description('Application Insights component name.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Whether the API requires Microsoft Entra ID sign-in (App Service Authentication).')
output AZURE_AUTH_ENABLED bool = auth.outputs.enabled

@description('Application (client) id of the API\'s app registration; clients request tokens for api://{id}.')
output AZURE_AUTH_CLIENT_ID string = authClientId

@description('Token issuer the API accepts (the tenant\'s v2.0 endpoint).')
output AZURE_AUTH_ISSUER string = auth.outputs.issuer

@description('Token audiences the API accepts.')
output AZURE_AUTH_AUDIENCES array = authAllowedAudiences

@description('Paths served without a token; every other path answers 401 without one.')
output AZURE_AUTH_PUBLIC_PATHS array = auth.outputs.excludedPaths
