// CreditFunctions: Flex Consumption function app (.NET isolated worker + Durable Functions), storage (host, task hub,
// tables, queues) reached by managed identity, Application Insights on Log Analytics, Key Vault (secrets and ledger
// tokens), role assignments, alerts and workbook. Compiled by BicepTemplateTests (Bicep CLI from NuGet), which also
// checks the settings against the app's (functions/DeploymentSettings.cs). Walk-through: infra/README.md.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param appName string = 'creditfn'

@description('Deployment environment suffix, e.g. dev, prod.')
@maxLength(6)
param environmentName string = 'dev'

param location string = resourceGroup().location

@description('Maximum instances for the Flex Consumption app.')
param maximumInstanceCount int = 40

@description('.NET version of the dotnet-isolated Flex runtime (`az functionapp list-flexconsumption-runtimes`).')
param dotnetVersion string = '10.0'

@description('Client id of the Xero app (its secret: Key Vault secret xero-client-secret).')
param xeroClientId string = ''

@description('MYOB API key (its secret: Key Vault secret myob-client-secret). Empty while no tenant uses MYOB.')
param myobClientId string = ''

@description('Client id of the Intuit app (its secret: Key Vault secret quickbooks-client-secret). Empty while no tenant uses QuickBooks.')
param quickBooksClientId string = ''

@description('Tenants: [{ id, connections: [{ id, ledger: Xero|Myob|QuickBooks, ledgerTenantId }] }]. Their webhook secret and API key are Key Vault secrets tenant-<id>-webhook-secret and tenant-<id>-api-key.')
param tenants array = []

@description('E-mail address that receives SLA alerts.')
param alertEmail string

var suffix = uniqueString(resourceGroup().id, appName, environmentName)
var baseName = '${appName}-${environmentName}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: baseName
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: take('st${appName}${suffix}', 24)
    location: location
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    vaultName: take('kv-${appName}-${suffix}', 24)
    location: location
  }
}

// Ledger tokens in a vault of their own: the app writes there (Secrets Officer), while it may only read the vault that
// holds its configuration secrets (Secrets User), so it can never change its own client or tenant secrets.
module tokenVault 'modules/keyvault.bicep' = {
  name: 'tokenvault'
  params: {
    vaultName: take('kvt-${appName}-${suffix}', 24)
    location: location
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    baseName: baseName
    location: location
    storageAccountName: storage.outputs.accountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultName: keyVault.outputs.vaultName
    tokenVaultUri: tokenVault.outputs.vaultUri
    maximumInstanceCount: maximumInstanceCount
    dotnetVersion: dotnetVersion
    xeroClientId: xeroClientId
    myobClientId: myobClientId
    quickBooksClientId: quickBooksClientId
    tenants: tenants
  }
}

module roles 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.accountName
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.vaultName
    tokenVaultName: tokenVault.outputs.vaultName
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    baseName: baseName
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    baseName: baseName
    location: location
    appInsightsId: monitoring.outputs.appInsightsId
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.accountName
output keyVaultName string = keyVault.outputs.vaultName
output tokenVaultName string = tokenVault.outputs.vaultName
output taskHubName string = functionApp.outputs.taskHubName
