// Alert rules over what the app emits through OpenTelemetry (docs/telemetry.md): log search alerts on the Application
// Insights resource, reading customMetrics (instrument name in `name`, attributes in customDimensions), and an action
// group that e-mails the operators. A test (TelemetryQueriesTests) checks every metric, dimension and value queried
// here against the app's TelemetryNames. Log search alerts rather than metric alerts: OpenTelemetry metric attributes
// reach the metrics store as dimensions only with custom-metric dimensions enabled on the component, while
// customMetrics always holds them.
param baseName string
param location string = resourceGroup().location
param appInsightsId string
param alertEmail string

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

// Each rule fires when its measure is above 0 in the window; README "Operations" says how to answer each one.
var rules = [
  {
    name: 'sla-breach'
    description: 'Credit notes past their sync deadline (default 30 minutes after acceptance): see the workbook\'s late list.'
    severity: 1
    measure: 'OverSla'
    aggregation: 'Maximum'
    query: '''
customMetrics
| where name == 'creditfunctions.documents.over_sla'
| summarize OverSla = max(value)
'''
  }
  {
    name: 'sync-failures'
    description: 'A ledger refused a document, a connection lost its authorisation, or a locked period holds a document: see the workbook\'s failed list.'
    severity: 2
    measure: 'Failures'
    aggregation: 'Total'
    query: '''
customMetrics
| where name == 'creditfunctions.alerts'
| where tostring(customDimensions.kind) in ('LedgerRejected', 'ConnectionLost', 'PeriodLocked')
| summarize Failures = sum(value)
'''
  }
  {
    name: 'poison'
    description: 'A ledger call threw on every attempt, or a bulk message failed every delivery: the document is failed (or the message rejected) instead of retried.'
    severity: 2
    measure: 'Poisoned'
    aggregation: 'Total'
    query: '''
customMetrics
| where name == 'creditfunctions.alerts'
| where tostring(customDimensions.kind) == 'Poisoned'
| summarize Poisoned = sum(value)
'''
  }
  {
    name: 'daily-limit'
    description: 'A ledger\'s daily call budget is spent: its documents wait until it resets.'
    severity: 2
    measure: 'DailyLimit'
    aggregation: 'Total'
    query: '''
customMetrics
| where name == 'creditfunctions.alerts'
| where tostring(customDimensions.kind) == 'DailyLimitReached'
| summarize DailyLimit = sum(value)
'''
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for rule in rules: {
  name: 'cf-${rule.name}-${baseName}'
  location: location
  properties: {
    displayName: 'CreditFunctions ${rule.name} (${baseName})'
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [ appInsightsId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: rule.aggregation
          metricMeasureColumn: rule.measure
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [ actionGroup.id ]
    }
  }
}]

output actionGroupId string = actionGroup.id
