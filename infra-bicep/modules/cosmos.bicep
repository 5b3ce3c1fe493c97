// Cosmos DB (NoSQL): database `yunbao`, four containers partitioned by /districtId so that every query the
// app makes is a single-partition query. Nothing relies on TTL or the change feed (see ENVIRONMENT.md).

@description('Cosmos DB account name (globally unique, lowercase).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Throughput model: serverless (pay per request, dev) or autoscale (provisioned, scales 10%-100% of the max, prod).')
@allowed([
  'serverless'
  'autoscale'
])
param throughputMode string

@description('Autoscale maximum RU/s shared by the database\'s containers (autoscale mode only).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Disable key (local) authentication so only Entra ID data-plane roles work.')
param disableLocalAuth bool = true

@description('Database name (Cosmos__databaseName).')
param databaseName string = 'yunbao'

var serverless = throughputMode == 'serverless'

// Composite indexes serve the multi-property filters the repositories issue (equality + range in one
// query); every other path stays range-indexed through /*. Big arrays nobody filters on are excluded to
// keep write RU down.
var containers = [
  {
    name: 'incidents'
    excludedPaths: []
    composites: [
      [
        { path: '/categoryCode', order: 'ascending' }
        { path: '/observedAt', order: 'descending' }
      ]
      [
        { path: '/source', order: 'ascending' }
        { path: '/observedAt', order: 'descending' }
      ]
    ]
  }
  {
    name: 'workorders'
    excludedPaths: [
      '/events/*'
    ]
    composites: [
      [
        { path: '/status', order: 'ascending' }
        { path: '/createdAt', order: 'descending' }
      ]
      [
        { path: '/categoryCode', order: 'ascending' }
        { path: '/status', order: 'ascending' }
        { path: '/lastSeenAt', order: 'descending' }
      ]
      [
        { path: '/assignedStewardId', order: 'ascending' }
        { path: '/status', order: 'ascending' }
        { path: '/createdAt', order: 'descending' }
      ]
      [
        { path: '/status', order: 'ascending' }
        { path: '/dispatchDueAt', order: 'ascending' }
      ]
    ]
  }
  {
    name: 'stewards'
    excludedPaths: []
    composites: [
      [
        { path: '/available', order: 'ascending' }
        { path: '/lastSeenAt', order: 'descending' }
      ]
    ]
  }
  {
    name: 'devices'
    excludedPaths: []
    composites: [
      [
        { path: '/kind', order: 'ascending' }
        { path: '/lastSeenAt', order: 'descending' }
      ]
    ]
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
    disableLocalAuth: disableLocalAuth
    // Containers and databases are managed by this template only, never by a data-plane key.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    // Serverless accounts take no throughput; autoscale is shared by the four containers at database level.
    options: serverless
      ? {}
      : {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [
            '/districtId'
          ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [
            {
              path: '/*'
            }
          ]
          excludedPaths: concat(
            [
              {
                path: '/"_etag"/?'
              }
            ],
            map(container.excludedPaths, p => { path: p })
          )
          compositeIndexes: container.composites
          spatialIndexes: [
            {
              path: '/location/?'
              types: [
                'Point'
              ]
            }
          ]
        }
      }
    }
  }
]

@description('Cosmos DB account name (scope of the data-plane role assignment).')
output accountName string = account.name

@description('Cosmos DB account resource id.')
output accountId string = account.id

@description('Document endpoint, e.g. https://{account}.documents.azure.com:443/ (Cosmos__accountEndpoint).')
output endpoint string = account.properties.documentEndpoint

@description('Database name (Cosmos__databaseName).')
output databaseName string = database.name
