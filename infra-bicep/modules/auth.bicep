// App Service Authentication (Easy Auth) in front of the Functions app: Microsoft Entra ID validates the
// caller's bearer token before the request reaches the Functions host, and the platform (not the caller)
// sets X-MS-CLIENT-PRINCIPAL with the token's claims, `roles` included. An API only validates tokens, so
// no client secret is configured (browser login flows would need one; this app has none).

@description('Name of the function app to protect.')
param siteName string

@description('True: sign-in required on every path but excludedPaths. False: the config is written switched off, so nothing checks tokens and X-MS-CLIENT-PRINCIPAL is not set by the platform.')
param enabled bool

@description('Application (client) id of the API\'s Entra app registration (infra-bicep/entra/app-registration.json).')
param clientId string

@description('Entra tenant that issues the tokens; its v2.0 endpoint is the only accepted issuer.')
param tenantId string

@description('Audiences (aud) a token may carry (v2.0 access tokens carry the bare client id).')
param allowedAudiences array

@description('Client application ids (azp/appid claim) allowed to call; empty: any client of the tenant that obtained a token for this API.')
param allowedClientApplications array = []

@description('Paths served without a token (each route then authorizes on its own, e.g. the Open311 api_key).')
param excludedPaths array

// v2.0 access tokens (requestedAccessTokenVersion 2 in the app registration) carry this issuer.
var issuer = '${environment().authentication.loginEndpoint}${tenantId}/v2.0'

var entraValidation = union(
  {
    allowedAudiences: allowedAudiences
  },
  empty(allowedClientApplications)
    ? {}
    : {
        defaultAuthorizationPolicy: {
          allowedApplications: allowedClientApplications
        }
      }
)

var enabledSettings = {
  platform: {
    enabled: true
    runtimeVersion: '~1'
  }
  globalValidation: {
    requireAuthentication: true
    unauthenticatedClientAction: 'Return401'
    excludedPaths: excludedPaths
  }
  httpSettings: {
    requireHttps: true
    routes: {
      apiPrefix: '/.auth'
    }
    forwardProxy: {
      convention: 'NoProxy'
    }
  }
  identityProviders: {
    azureActiveDirectory: {
      enabled: true
      registration: {
        clientId: clientId
        openIdIssuer: issuer
      }
      validation: entraValidation
    }
  }
  login: {
    // Bearer tokens are validated per request; nothing is kept server-side.
    tokenStore: {
      enabled: false
    }
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: siteName
}

resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: enabled
    ? enabledSettings
    : {
        platform: {
          enabled: false
        }
      }
}

@description('Whether sign-in is enforced.')
output enabled bool = enabled

@description('Token issuer the app accepts (the tenant\'s v2.0 endpoint).')
output issuer string = issuer

@description('Paths served without a token.')
output excludedPaths array = excludedPaths
