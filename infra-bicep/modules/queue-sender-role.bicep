// Storage Queue Data Message Sender for one Event Grid system topic's identity on the storage account. A module of its
// own so the assignment's name can include the principal (guid(scope, principalId, role)): a recreated topic gets a
// new identity and so a new assignment, instead of RoleAssignmentUpdateNotPermitted on the old name.

@description('Principal id of the system topic\'s system-assigned identity.')
param principalId string

@description('Storage account that holds the queues.')
param storageAccountName string

// Built-in role: Storage Queue Data Message Sender.
var queueMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, queueMessageSenderRoleId)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSenderRoleId)
  }
}
