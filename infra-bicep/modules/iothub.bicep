// IoT Hub: devices connect over MQTT with per-device SAS keys; the hub's system-assigned identity reaches
// customer endpoints (Event Hubs routing, file upload to the `frames` container) without keys.
// On the first deployment main.bicep deploys it twice: first without identity-based endpoints (so the
// identity exists and can be granted roles), then with them — IoT Hub checks an identity-based endpoint's
// access when the endpoint is saved.

@description('IoT Hub name (globally unique; devices connect to {name}.azure-devices.net).')
@minLength(3)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the hub.')
param tags object

@description('IoT Hub tier: S1 (400k messages/day/unit), S2, S3. Basic tiers lack cloud-to-device and twins, which the edge needs.')
@allowed([
  'S1'
  'S2'
  'S3'
])
param skuName string = 'S1'

@description('Number of IoT Hub units.')
@minValue(1)
@maxValue(200)
param capacity int = 1

@description('Partitions of the built-in events endpoint (fixed after creation).')
@minValue(2)
@maxValue(32)
param builtInPartitionCount int = 4

@description('Enforce TLS 1.2 (minTlsVersion). Offered only in some regions; elsewhere IoT Hub refuses to create the hub with it (main.bicep decides). Fixed at creation.')
param enforceTls12 bool = false

@description('False on the first pass (identity only); true once the identity holds its roles.')
param configureIdentityEndpoints bool

@description('Storage account name that receives device file uploads (only used when configureIdentityEndpoints).')
param uploadStorageAccountName string = ''

@description('Blob container for file uploads (frames).')
param uploadContainerName string = 'frames'

@description('How long the SAS URI the hub gives a device for one upload stays valid.')
param uploadSasTtl string = 'PT1H'

@description('sb:// endpoint of the Event Hubs namespace that receives all telemetry (only used when configureIdentityEndpoints).')
param telemetryEventHubEndpointUri string = ''

@description('Event hub that receives all telemetry.')
param telemetryEventHubName string = 'telemetry'

@description('True once an Event Grid DeviceTelemetry subscription exists: IoT Hub then owns a RouteToEventGrid route that every update must repeat (it refuses both adding and removing it through routing).')
param hasEventGridRoute bool = false

@description('Telemetry message types (application property `type`) forwarded to Event Grid and so to the `telemetry` queue.')
param eventGridTelemetryTypes string[] = [
  'position'
  'sensor'
  'alert'
]

var telemetryEndpointName = 'telemetry-eventhub'
var eventGridCondition = join(map(eventGridTelemetryTypes, t => 'type = \'${t}\''), ' OR ')

var identityRoutes = [
  {
    name: 'AllTelemetryToEventHub'
    source: 'DeviceMessages'
    condition: 'true'
    endpointNames: [
      telemetryEndpointName
    ]
    isEnabled: true
  }
]

// A custom route takes messages away from the built-in endpoint, so keep an explicit route there too.
var builtInRoutes = [
  {
    name: 'AllTelemetryToBuiltInEvents'
    source: 'DeviceMessages'
    condition: 'true'
    endpointNames: [
      'events'
    ]
    isEnabled: true
  }
]

// IoT Hub creates RouteToEventGrid itself when the first DeviceTelemetry subscription appears and answers
// IH400126 ("Cannot add or remove default routes") to a PUT that adds it before or drops it after. Its query
// may be edited: only the telemetry types the Functions app ingests go to Event Grid.
var eventGridRoutes = hasEventGridRoute
  ? [
      {
        name: 'RouteToEventGrid'
        source: 'DeviceMessages'
        condition: eventGridCondition
        endpointNames: [
          'eventgrid'
        ]
        isEnabled: true
      }
    ]
  : []

resource hub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: capacity
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    // Absent (not null) where enforcement is not offered: every hub accepts TLS 1.2, and since 2025-08-31 nothing older.
    minTlsVersion: enforceTls12 ? '1.2' : null
    publicNetworkAccess: 'Enabled'
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: 1
        partitionCount: builtInPartitionCount
      }
    }
    routing: {
      endpoints: {
        eventHubs: configureIdentityEndpoints
          ? [
              {
                name: telemetryEndpointName
                authenticationType: 'identityBased'
                endpointUri: telemetryEventHubEndpointUri
                entityPath: telemetryEventHubName
                subscriptionId: subscription().subscriptionId
                resourceGroup: resourceGroup().name
              }
            ]
          : []
      }
      routes: concat(configureIdentityEndpoints ? identityRoutes : [], builtInRoutes, eventGridRoutes)
      fallbackRoute: {
        name: '$fallback'
        source: 'DeviceMessages'
        condition: 'true'
        endpointNames: [
          'events'
        ]
        isEnabled: true
      }
    }
    storageEndpoints: configureIdentityEndpoints
      ? {
          '$default': {
            // Identity-based: the connection string names the account only, no key.
            connectionString: 'DefaultEndpointsProtocol=https;AccountName=${uploadStorageAccountName};EndpointSuffix=${environment().suffixes.storage}'
            containerName: uploadContainerName
            authenticationType: 'identityBased'
            sasTtlAsIso8601: uploadSasTtl
          }
        }
      : {}
    // Frames are picked up through Event Grid BlobCreated, not through file-upload notifications.
    enableFileUploadNotifications: false
    cloudToDevice: {
      maxDeliveryCount: 10
      defaultTtlAsIso8601: 'PT1H'
      feedback: {
        lockDurationAsIso8601: 'PT1M'
        ttlAsIso8601: 'PT1H'
        maxDeliveryCount: 10
      }
    }
    features: 'None'
  }
}

@description('IoT Hub name (az iot hub device-identity create --hub-name).')
output name string = hub.name

@description('IoT Hub resource id (source of its Event Grid system topic).')
output id string = hub.id

@description('Host name devices connect to.')
output hostName string = hub.properties.hostName

@description('Principal id of the hub\'s system-assigned identity (gets Blob Data Contributor and Event Hubs Data Sender).')
output principalId string = hub.identity.principalId
