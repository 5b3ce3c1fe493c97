// The platform's storage account: frames, evidence and heatmap tiles in Blob; the Event Grid → Functions
// hand-off in queues; the Flex Consumption deployment package container. Shared keys are off: every
// caller (Functions host and app, IoT Hub, Event Grid) authenticates with its managed identity.

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Blob containers the platform reads and writes (frames, evidence, heatmaps, monthly reports).')
param dataContainerNames string[] = [
  'frames'
  'evidence'
  'heatmaps'
  'reports'
]

@description('Container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Queues Event Grid delivers into and the Functions queue triggers read, with their poison queues.')
param queueNames string[] = [
  'frame-events'
  'telemetry'
  'frame-events-poison'
  'telemetry-poison'
]

@description('Container whose blobs the lifecycle rule tiers and deletes (camera frames).')
param framesContainerName string = 'frames'

@description('Days after which a frame blob moves to the cool tier; 0 keeps frames hot until deletion. Cool bills at least 30 days, so it pays off only when retention is 30+ days longer.')
@minValue(0)
param framesCoolAfterDays int

@description('Days after which a frame blob is deleted (later than the move to cool).')
@minValue(1)
param framesRetentionDays int

@description('Allow shared-key (account key and service SAS) access. Keep false unless a caller cannot use Entra ID.')
param allowSharedKeyAccess bool = false

@description('Redundancy SKU of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // IoT Hub, Event Grid and Flex Consumption reach the account over its public endpoint with Entra ID.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource dataContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for containerName in dataContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// Frames are evidence only until the incident is decided: cool them, then delete them. Evidence crops and
// heatmap tiles are kept (tiles are rewritten in place; evidence belongs to the work order's history).
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'frames-cool-then-delete'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${framesContainerName}/'
              ]
            }
            actions: {
              baseBlob: union(
                {
                  delete: {
                    daysAfterModificationGreaterThan: framesRetentionDays
                  }
                },
                framesCoolAfterDays > 0
                  ? {
                      tierToCool: {
                        daysAfterModificationGreaterThan: framesCoolAfterDays
                      }
                    }
                  : {}
              )
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    dataContainers
  ]
}

@description('Storage account name (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('Storage account resource id (scope of the data-plane role assignments).')
output id string = account.id

@description('Blob service endpoint, e.g. https://{account}.blob.core.windows.net/ (Storage__blobServiceUri).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint (Storage__queueServiceUri).')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('URL of the Flex Consumption deployment package container.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
