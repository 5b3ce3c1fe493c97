// The Functions app on the Flex Consumption plan (Linux, .NET 10 isolated worker). Every connection is
// identity-based: the settings below hold endpoints and names, never keys or connection strings with keys.

@description('Name of the function app (its default host is {name}.azurewebsites.net).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('azd service name the app is deployed as (azure.yaml services key).')
param azdServiceName string = 'api'

@description('Storage account for the Functions host (AzureWebJobsStorage) and the app\'s blobs and queues.')
param storageAccountName string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Blob service endpoint of the storage account.')
param blobEndpoint string

@description('Queue service endpoint of the storage account.')
param queueEndpoint string

@description('Cosmos DB document endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Host name of the Event Hubs namespace.')
param eventHubsFullyQualifiedNamespace string

@description('Event hub the app publishes work-order lifecycle events to.')
param opsEventsHubName string = 'ops-events'

@description('Azure AI Vision endpoint; empty when the deployment has no Vision (visionMode none): the app then runs the simulation detector and /api/health says so.')
param visionEndpoint string = ''

@description('Detector the app runs (Detector__Provider): azure-vision with a Vision endpoint, simulation without (main.bicep decides from visionMode).')
@allowed([
  'simulation'
  'azure-vision'
])
param detectorProvider string = 'simulation'

@description('Application Insights component the app sends telemetry to (Entra-authenticated).')
param applicationInsightsName string

@description('District this deployment serves (District__DistrictId).')
param districtId string

@description('Upper bound of instances the plan scales out to (Flex Consumption allows 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB (Flex Consumption sizes).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP trigger group (0 = scale to zero; each one is billed while idle).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('.NET version of the isolated worker.')
param dotnetVersion string = '10.0'

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': azdServiceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// Publishing with basic (user/password) credentials is off; azd and az deploy with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

var tileBaseUrl = 'https://${site.properties.defaultHostName}/api/heatmaps'

// Names shared with the code and local.settings.sample.json (the list in tests/Yunbao.Infra.Tests/FunctionAppTests.cs). Flex Consumption rejects
// FUNCTIONS_WORKER_RUNTIME (the runtime is in functionAppConfig), so it is absent on purpose.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    Storage__blobServiceUri: blobEndpoint
    Storage__queueServiceUri: queueEndpoint
    Storage__credential: 'managedidentity'
    Cosmos__accountEndpoint: cosmosEndpoint
    Cosmos__databaseName: cosmosDatabaseName
    EventHubs__fullyQualifiedNamespace: eventHubsFullyQualifiedNamespace
    EventHubs__opsEventsHubName: opsEventsHubName
    // Without Vision the detector is the simulation one (/api/health: detector.provider "simulation", simulation true).
    Vision__Endpoint: visionEndpoint
    Detector__Provider: detectorProvider
    District__DistrictId: districtId
    Heatmaps__TileBaseUrl: tileBaseUrl
    // The connection string only identifies the component; with local auth off, ingestion needs the
    // app's Entra token (Monitoring Metrics Publisher), which AUTHENTICATION_STRING turns on.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    LocalMode: 'false'
  }
}

@description('Function app name.')
output name string = site.name

@description('Function app resource id.')
output id string = site.id

@description('Default host name of the app.')
output defaultHostName string = site.properties.defaultHostName

@description('Base URL of the HTTP API.')
output url string = 'https://${site.properties.defaultHostName}'

@description('Public base URL of the heatmap tiles (Heatmaps__TileBaseUrl).')
output tileBaseUrl string = tileBaseUrl

@description('Principal id of the app\'s system-assigned identity (target of its role assignments).')
output principalId string = site.identity.principalId
