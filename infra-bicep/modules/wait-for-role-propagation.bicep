// Waits a fixed time after role grants so that the next step (IoT Hub saving identity-based endpoints, Event Grid
// validating managed-identity destinations, azd's first publish to Flex Consumption) does not race the grant's
// propagation. Azure RBAC documents that assignments can take up to about ten minutes to take effect
// (learn.microsoft.com/azure/role-based-access-control/troubleshooting, "Role assignment changes are not being
// detected"); there is no ARM signal for "propagated", so a deployment script sleeps. It needs no identity (it calls
// nothing); Azure creates a short-lived container instance and storage account for it and deletes both on success.

@description('Azure region of the script\'s container instance.')
param location string

@description('Tags applied to the script resource.')
param tags object

@description('Name of the deployment script resource (unique in the resource group).')
param name string

@description('Seconds to wait.')
@minValue(0)
@maxValue(1800)
param seconds int

@description('What the wait is for (goes into the script\'s output, visible in the portal).')
param reason string

resource wait 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: name
  location: location
  tags: tags
  kind: 'AzureCLI'
  properties: {
    azCliVersion: '2.61.0'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    timeout: 'PT40M'
    environmentVariables: [
      {
        name: 'WAIT_SECONDS'
        value: string(seconds)
      }
      {
        name: 'WAIT_REASON'
        value: reason
      }
    ]
    scriptContent: 'echo "waiting $WAIT_SECONDS s for role propagation: $WAIT_REASON"; sleep "$WAIT_SECONDS"; echo "{\\"waitedSeconds\\": $WAIT_SECONDS}" > "$AZ_SCRIPTS_OUTPUT_PATH"'
  }
}

@description('Seconds waited.')
output waitedSeconds int = seconds
