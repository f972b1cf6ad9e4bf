// Flex Consumption plan (FC1) + function app running the .NET isolated worker (functions/) with a system-assigned
// identity. Shape from azure-platform.md §5.5 (Azure-Samples flex samples function.bicep). On Flex,
// functionAppConfig.runtime replaces FUNCTIONS_WORKER_RUNTIME (the platform refuses that setting there).
// App settings: functions/DeploymentSettings.cs lists what the app reads; BicepTemplateTests compiles this and checks
// every one is set, secrets as Key Vault references, storage by identity only.
param baseName string
param location string
param storageAccountName string
param deploymentContainerName string
param appInsightsConnectionString string
@description('The vault of configuration secrets, read through Key Vault references.')
param keyVaultName string
@description('The vault of ledger tokens (SecretStore, docs/key-vault.md).')
param tokenVaultUri string
param maximumInstanceCount int
param dotnetVersion string
param xeroClientId string
param myobClientId string
param quickBooksClientId string

@description('Tenants: [{ id, connections: [{ id, ledger, ledgerTenantId }] }]; secrets in Key Vault (infra/README.md).')
param tenants array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// The task hub and its partitions come from host.json itself, so this deployment and the app cannot disagree.
var durableTask = loadJsonContent('../../functions/host.json').extensions.durableTask

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${baseName}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${baseName}-${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// The consent callback is this app's own host name, known only once the site exists: so the settings are a child
// resource rather than siteConfig.appSettings.
var callback = 'https://${app.properties.defaultHostName}/api/connections/callback'

// A secret is a Key Vault reference, resolved by the platform with the app's identity (Key Vault Secrets User,
// rbac.bicep): the value never passes through this template or the deployment history.
var appWide = {
  // Identity-based storage for the host, the Durable extension and the app's clients: no keys anywhere.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  AzureFunctionsJobHost__extensions__durableTask__hubName: durableTask.hubName
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount: string(durableTask.storageProvider.partitionCount)
  // Ledger tokens in their own vault, the rotation lock in table LedgerSecrets (docs/key-vault.md).
  SecretStore__Kind: 'KeyVault'
  SecretStore__VaultUri: tokenVaultUri
  SecretStore__credential: 'managedidentity'
  Xero__ClientId: xeroClientId
  Xero__ClientSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=xero-client-secret)'
  Xero__RedirectUri: callback
  Myob__ClientId: myobClientId
  Myob__ClientSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=myob-client-secret)'
  Myob__RedirectUri: callback
  QuickBooks__ClientId: quickBooksClientId
  QuickBooks__ClientSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=quickbooks-client-secret)'
  QuickBooks__RedirectUri: callback
}

// Key Vault names allow letters, digits and dashes: a tenant id's underscores become dashes.
var perTenant = [for tenant in tenants: {
  'Tenants__${tenant.id}__WebhookSecret': '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=tenant-${replace(tenant.id, '_', '-')}-webhook-secret)'
  'Tenants__${tenant.id}__ApiKey': '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=tenant-${replace(tenant.id, '_', '-')}-api-key)'
}]

// Every tenant's connections as one list, numbered within their tenant as the Tenants section expects.
var connections = flatten(map(tenants, tenant => map(range(0, length(tenant.connections)), i => {
  tenant: tenant.id
  index: i
  connection: tenant.connections[i]
})))

var perConnection = [for c in connections: {
  'Tenants__${c.tenant}__Connections__${c.index}__Id': c.connection.id
  'Tenants__${c.tenant}__Connections__${c.index}__Ledger': c.connection.ledger
  'Tenants__${c.tenant}__Connections__${c.index}__LedgerTenantId': c.connection.ledgerTenantId
}]

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: reduce(concat(perTenant, perConnection), appWide, (all, next) => union(all, next))
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
output taskHubName string = durableTask.hubName
