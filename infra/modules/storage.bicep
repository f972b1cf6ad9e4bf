// One account for the Functions host (blobs: leases, timer locks, deployment package), the Durable task hub (its
// tables, queues and lease blobs), the workflow's tables and the queues of the functions' queue triggers. Shared keys
// off: the app and the host use the managed identity (azure-platform.md §5.5 gotcha: the host then needs the roles
// in rbac.bicep).
param accountName string
param location string

var deploymentContainerName = 'app-package'

// Queue names come from the functions' QueueTrigger attributes (functions.metadata; InfraTests keeps them in step).
var queueNames = [
  'order-events'
  'order-events-poison'
  'sync-signals'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queueNames: {
  parent: queueService
  name: name
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

output accountName string = account.name
output deploymentContainerName string = deploymentContainerName
output blobEndpoint string = account.properties.primaryEndpoints.blob
