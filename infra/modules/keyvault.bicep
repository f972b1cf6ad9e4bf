// Key Vault for tenant webhook secrets, API keys and ledger credentials, read by the app through Key Vault
// references (@Microsoft.KeyVault(SecretUri=...), azure-platform.md §5.5). RBAC authorization. NOT COMPILED (§5.6).
param vaultName string
param location string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
