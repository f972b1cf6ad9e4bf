// CreditFunctions: Flex Consumption function app (custom handler), storage (host + tables + queues),
// Application Insights on Log Analytics, Key Vault, role assignments, SLA alert and workbook.
// NOT COMPILED: no Bicep compiler is available in this project's build environment (azure-platform.md §5.6).
// Shapes follow azure-platform.md §5 (Azure-Samples/azure-functions-flex-consumption-samples).
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

@description('Flex runtime version for name "custom". UNVERIFIED (azure-platform.md §1.5): check `az functionapp list-flexconsumption-runtimes`.')
param dotnetVersion string = '10.0'

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

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    baseName: baseName
    location: location
    storageAccountName: storage.outputs.accountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultUri: keyVault.outputs.vaultUri
    maximumInstanceCount: maximumInstanceCount
    dotnetVersion: dotnetVersion
  }
}

module roles 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.accountName
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.vaultName
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
