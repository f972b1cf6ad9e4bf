// Parameters for `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.example.bicepparam`: copy it,
// put in your values. Secrets are never parameters: they go into Key Vault (infra/README.md, step 3).
// BicepTemplateTests builds this file, so it stays in step with main.bicep.
using './main.bicep'

param appName = 'creditfn'
param environmentName = 'prod'
param alertEmail = 'ops@example.com'
param xeroClientId = '<Xero app client id>'
param myobClientId = ''
param quickBooksClientId = ''
param tenants = [
  {
    id: 'acme'
    connections: [
      { id: 'acme-xero', ledger: 'Xero', ledgerTenantId: '<Xero tenant id (GUID)>' }
    ]
  }
]
