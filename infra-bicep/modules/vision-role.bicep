// Cognitive Services User for the function app on the Azure AI Vision account (created by this template or an existing
// one, possibly in another resource group: this module is deployed at the account's resource group).

@description('Principal id of the function app\'s system-assigned identity.')
param principalId string

@description('Name of the Computer Vision account.')
param visionAccountName string

var cognitiveServicesUserRoleId = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource vision 'Microsoft.CognitiveServices/accounts@2026-07-01' existing = {
  name: visionAccountName
}

resource visionUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vision.id, principalId, cognitiveServicesUserRoleId)
  scope: vision
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUserRoleId)
  }
}

@description('Endpoint of the account (Vision__Endpoint).')
output endpoint string = vision.properties.endpoint
