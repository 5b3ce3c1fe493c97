// Event Hubs namespace: `telemetry` (every device message, routed by IoT Hub, for retention and analytics)
// and `ops-events` (work-order lifecycle events the Functions app publishes to other city systems).
// SAS keys are off: IoT Hub and the function app send with their managed identities.

@description('Event Hubs namespace name (globally unique).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Azure region.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('Throughput units of the Standard namespace (1 TU = 1 MB/s or 1000 events/s in).')
@minValue(1)
@maxValue(40)
param capacity int = 1

@description('Event hubs to create.')
param hubNames string[] = [
  'telemetry'
  'ops-events'
]

@description('Consumer groups created on every hub besides $Default.')
param consumerGroupNames string[] = [
  'platform'
  'analytics'
]

@description('Partitions per hub (fixed after creation on Standard).')
@minValue(1)
@maxValue(32)
param partitionCount int = 4

@description('Days events are kept (Standard allows up to 7).')
@minValue(1)
@maxValue(7)
param retentionDays int = 1

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    isAutoInflateEnabled: false
  }
}

resource hubs 'Microsoft.EventHub/namespaces/eventhubs@2026-01-01' = [
  for hubName in hubNames: {
    parent: namespace
    name: hubName
    properties: {
      partitionCount: partitionCount
      messageRetentionInDays: retentionDays
    }
  }
]

resource consumerGroups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2026-01-01' = [
  for pair in flatten(map(range(0, length(hubNames)), i => map(consumerGroupNames, g => { hubIndex: i, group: g }))): {
    parent: hubs[pair.hubIndex]
    name: pair.group
  }
]

// https://{ns}.servicebus.windows.net:443/ → {ns}.servicebus.windows.net, without hard-coding the cloud's suffix.
var fullyQualifiedNamespace = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

@description('Namespace name.')
output namespaceName string = namespace.name

@description('Namespace resource id.')
output namespaceId string = namespace.id

@description('Host name of the namespace (EventHubs__fullyQualifiedNamespace).')
output fullyQualifiedNamespace string = fullyQualifiedNamespace

@description('sb:// endpoint of the namespace (IoT Hub routing endpointUri).')
output endpointUri string = 'sb://${fullyQualifiedNamespace}'
