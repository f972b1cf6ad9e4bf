// SLA alert: fires when the app reports any credit note unsynced past its deadline (custom metric
// CreditNotesOverSla, emitted by the sweep; azure-platform.md §5.1/§5.2). skipMetricValidation lets the rule
// exist before the metric is first emitted. NOT COMPILED (§5.6).
param baseName string
param appInsightsId string
param alertEmail string

@description('Custom metric the sweep publishes to Application Insights (customMetrics); the alert fires above 0.')
param slaMetricName string = 'CreditNotesOverSla'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${baseName}'
  location: 'global'
  properties: {
    groupShortName: take('cf${baseName}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource slaAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'credit-note-sync-sla-${baseName}'
  location: 'global'
  properties: {
    description: 'Credit notes not synced within their SLA (default 30 minutes).'
    severity: 2
    enabled: true
    scopes: [ appInsightsId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'overSla'
          metricNamespace: 'azure.applicationinsights'
          metricName: slaMetricName
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
          skipMetricValidation: true
        }
      ]
    }
    actions: [
      { actionGroupId: actionGroup.id }
    ]
  }
}
