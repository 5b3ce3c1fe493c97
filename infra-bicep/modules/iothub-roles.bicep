// Roles of the IoT Hub's system-assigned identity: write device uploads into the storage account and
// send routed telemetry to the `telemetry` event hub. They must exist before the hub saves its
// identity-based endpoints, which is why main.bicep deploys the hub in two passes around this module.

@description('Principal id of the IoT Hub\'s system-assigned identity.')
param principalId string

@description('Storage account that receives file uploads.')
param storageAccountName string

@description('Event Hubs namespace that holds the telemetry hub.')
param eventHubsNamespaceName string

@description('Event hub that receives all routed telemetry.')
param telemetryHubName string = 'telemetry'

var roles = {
  // IoT Hub docs: Storage Blob Data Contributor (not Contributor) for identity-based file upload.
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@2026-01-01' existing = {
  name: eventHubsNamespaceName

  resource telemetry 'eventhubs' existing = {
    name: telemetryHubName
  }
}

resource uploadWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource telemetrySender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventHubsNamespace::telemetry.id, principalId, roles.eventHubsDataSender)
  scope: eventHubsNamespace::telemetry
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataSender)
  }
}
