// Log Analytics workspace + workspace-based Application Insights. Local auth is off, so ingestion needs the
// Monitoring Metrics Publisher role (rbac.bicep; azure-platform.md §5.5): the app's exporter ingests with its managed
// identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING, docs/telemetry.md).
param baseName string
param location string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
output appInsightsConnectionString string = appInsights.properties.ConnectionString
