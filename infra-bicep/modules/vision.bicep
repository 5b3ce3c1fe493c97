// Azure AI Vision (Image Analysis 4.0 REST). Keys are off: the function app calls it with an Entra token
// (Cognitive Services User). Entra auth needs a custom subdomain, which also gives the endpoint its name.

@description('Name of the Computer Vision account (also its custom subdomain).')
@minLength(2)
@maxLength(64)
param name string

@description('Azure region. Image Analysis 4.0 object detection is offered in a subset of regions; pick one of those.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Pricing tier: F0 (free, 20 calls/min, one per subscription) or S1 (pay per transaction).')
@allowed([
  'F0'
  'S1'
])
param skuName string = 'S1'

resource vision 'Microsoft.CognitiveServices/accounts@2026-07-01' = {
  name: name
  location: location
  tags: tags
  kind: 'ComputerVision'
  sku: {
    name: skuName
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('Account name.')
output name string = vision.name

@description('Account resource id (scope of Cognitive Services User).')
output id string = vision.id

@description('Endpoint, e.g. https://{name}.cognitiveservices.azure.com/ (Vision__Endpoint).')
output endpoint string = vision.properties.endpoint
