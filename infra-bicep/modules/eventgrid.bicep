// Event Grid system topics that turn platform events into Storage queue messages for the Functions app:
//   storage account BlobCreated under frames/  → queue `frame-events`  (DetectFrame)
//   IoT Hub DeviceTelemetry of selected types   → queue `telemetry`     (IngestTelemetry)
// Each topic delivers with its own system-assigned identity, which holds Storage Queue Data Message Sender
// on the storage account, so no queue key or SAS is involved.

@description('Azure region of the storage account and IoT Hub (a system topic lives beside its source).')
param location string

@description('Tags applied to both topics.')
param tags object

@description('Name of the storage account that holds the frames container and the queues.')
param storageAccountName string

@description('Name of the IoT Hub whose device telemetry is forwarded.')
param iotHubName string

@description('Name of the storage system topic.')
param storageTopicName string

@description('Name of the IoT Hub system topic.')
param iotHubTopicName string

@description('Container whose new blobs are frames to analyse.')
param framesContainerName string = 'frames'

@description('Queue that receives BlobCreated events for frames.')
param frameEventsQueueName string = 'frame-events'

@description('Queue that receives DeviceTelemetry events.')
param telemetryQueueName string = 'telemetry'

@description('Seconds to wait between the topics\' role grants and the subscriptions, which Event Grid validates against the grants (0: no wait, for environments whose grants exist already).')
@minValue(0)
param roleWaitSeconds int = 0

@description('Telemetry message types (application property `type`) delivered to the telemetry queue.')
param telemetryTypes string[] = [
  'position'
  'sensor'
  'alert'
]

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' existing = {
  name: iotHubName
}

resource storageTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: storageTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource iotHubTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: iotHubTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: iotHub.id
    topicType: 'Microsoft.Devices.IoTHubs'
  }
}

// Names include each topic's principal (queue-sender-role.bicep), so a recreated topic never collides with an old grant.
module storageTopicSendsToQueues 'queue-sender-role.bicep' = {
  name: 'evgt-storage-queue-sender'
  params: {
    #disable-next-line what-if-short-circuiting
    principalId: storageTopic.identity.principalId
    storageAccountName: storageAccountName
  }
}

module iotHubTopicSendsToQueues 'queue-sender-role.bicep' = {
  name: 'evgt-iothub-queue-sender'
  params: {
    #disable-next-line what-if-short-circuiting
    principalId: iotHubTopic.identity.principalId
    storageAccountName: storageAccountName
  }
}

// Event Grid checks a managed-identity destination when the subscription is saved: give the grants time first.
module rolesPropagated 'wait-for-role-propagation.bicep' = if (roleWaitSeconds > 0) {
  name: 'wait-eventgrid-roles'
  params: {
    name: 'wait-eventgrid-roles'
    location: location
    tags: tags
    seconds: roleWaitSeconds
    reason: 'Event Grid topics -> Storage Queue Data Message Sender'
  }
  dependsOn: [
    storageTopicSendsToQueues
    iotHubTopicSendsToQueues
  ]
}

var retryPolicy = {
  maxDeliveryAttempts: 30
  eventTimeToLiveInMinutes: 1440
}

resource framesCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: storageTopic
  name: 'frames-to-frame-events'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${framesContainerName}/'
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: frameEventsQueueName
          // -1: the message stays until DetectFrame takes it (the queue's default would drop it after 7 days).
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    retryPolicy: retryPolicy
  }
  dependsOn: [
    storageTopicSendsToQueues
    rolesPropagated
  ]
}

resource telemetryEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: iotHubTopic
  name: 'telemetry-to-telemetry-queue'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Devices.DeviceTelemetry'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.properties.type'
          values: telemetryTypes
        }
      ]
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: telemetryQueueName
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    retryPolicy: retryPolicy
  }
  dependsOn: [
    iotHubTopicSendsToQueues
    rolesPropagated
  ]
}

@description('Name of the storage system topic.')
output storageTopicName string = storageTopic.name

@description('Name of the IoT Hub system topic.')
output iotHubTopicName string = iotHubTopic.name
