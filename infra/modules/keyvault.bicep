// A Key Vault, RBAC authorization, purge protection. main.bicep makes two: configuration secrets (client secrets,
// tenant webhook secrets and API keys), read through Key Vault references (@Microsoft.KeyVault(VaultName=..;SecretName=..),
// azure-platform.md §5.5); and ledger tokens, written by the app (docs/key-vault.md).
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
