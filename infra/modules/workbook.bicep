// Operations workbook. The name must be a GUID; guid() (not newGuid()) so a redeploy updates it in place
// (azure-platform.md §5.4). Its queries read what the app emits (docs/telemetry.md; TelemetryQueriesTests).
param baseName string
param location string
param appInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2022-04-01' = {
  name: guid(resourceGroup().id, baseName, 'creditfunctions-operations')
  location: location
  kind: 'shared'
  properties: {
    displayName: 'CreditFunctions operations (${baseName})'
    category: 'workbook'
    sourceId: appInsightsId
    serializedData: loadTextContent('workbook.json')
  }
}
