// The console and steward pages (dashboard/dist) on Azure Static Web Apps, with the Functions app as its linked
// backend: SWA serves the static files and proxies /api/* to the Function App on the same origin, so the pages call
// /api exactly as they do against the local runner. Sign-in is SWA's Entra ID provider (staticwebapp.config.json in
// dashboard/public): SWA passes the signed-in user to the backend as X-MS-CLIENT-PRINCIPAL (userId/userRoles), the
// shape ClientPrincipal reads. Standard SKU: linked backends and a custom Entra registration need it.

@description('Name of the static web app.')
param name string

@description('Region of the static web app (SWA runs in a few regions only; the pages are static, latency is the CDN\'s).')
param location string

@description('Tags for the static web app (azd-service-name: web is added).')
param tags object

@description('Resource id of the Functions app that serves /api.')
param functionAppId string

@description('Region of the Functions app.')
param functionAppLocation string

resource site 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // azd deploys the built files; no GitHub workflow is generated.
    provider: 'None'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
    buildProperties: {
      skipGithubActionWorkflowGeneration: true
    }
  }
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2025-03-01' = {
  parent: site
  name: 'api'
  properties: {
    backendResourceId: functionAppId
    region: functionAppLocation
  }
}

@description('Name of the static web app.')
output name string = site.name

@description('Where the pages are served: {url}/console/ and {url}/steward/.')
output url string = 'https://${site.properties.defaultHostname}'
