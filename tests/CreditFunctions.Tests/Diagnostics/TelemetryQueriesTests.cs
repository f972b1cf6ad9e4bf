using System.Text.Json;
using System.Text.RegularExpressions;
using CreditFunctions.Diagnostics;
using CreditFunctions.LocalHost.LocalDev;

namespace CreditFunctions.Tests.Diagnostics;

/// <summary>
/// The workbook and the alert rules read only what the app emits: every table, metric name, customDimensions key and
/// closed-set value in infra/modules/workbook.json and alerts.bicep is checked against <see cref="TelemetryNames"/>, the
/// names the code records with (an empty panel — CreditNoteSyncLagMinutes / Ledger against CreditNoteSyncLatencySeconds /
/// ledger — is what this prevents).
/// </summary>
public sealed partial class TelemetryQueriesTests
{
    private static readonly string Modules = Path.Combine(
        RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found."), "infra", "modules");

    [Fact]
    public void Every_workbook_query_reads_tables_metrics_dimensions_and_values_the_app_emits()
    {
        var queries = WorkbookQueries().ToList();

        Assert.True(queries.Count >= 8, $"only {queries.Count} workbook queries found");
        Assert.Empty(queries.SelectMany(q => TelemetryQueryChecker.Problems("workbook " + q.Name, q.Query)));
    }

    [Fact]
    public void Every_alert_rule_query_reads_tables_metrics_dimensions_and_values_the_app_emits()
    {
        var queries = AlertQueries().ToList();

        Assert.Equal(4, queries.Count); // SLA breach, failures, poison, daily limit
        Assert.Empty(queries.SelectMany((q, i) => TelemetryQueryChecker.Problems($"alert rule {i + 1}", q)));
    }

    [Fact]
    public void The_panels_cover_latency_per_ledger_late_and_failed_documents_throttling_and_instance_states()
    {
        var all = string.Join('\n', WorkbookQueries().Select(q => q.Query));

        Assert.Contains("percentile(", all, StringComparison.Ordinal);
        Assert.Contains($"'{TelemetryNames.Metrics.SyncLatency}'", all, StringComparison.Ordinal);
        Assert.Contains("'SlaBreached'", all, StringComparison.Ordinal);
        Assert.Contains("'LedgerRejected'", all, StringComparison.Ordinal);
        Assert.Contains("'Throttled'", all, StringComparison.Ordinal);
        Assert.Contains($"'{TelemetryNames.Metrics.Instances}'", all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alerts_notify_the_action_group_on_sla_breach_failures_poison_and_the_daily_limit()
    {
        var bicep = File.ReadAllText(Path.Combine(Modules, "alerts.bicep"));
        var queries = string.Join('\n', AlertQueries());

        Assert.Contains("actionGroups: [ actionGroup.id ]", bicep, StringComparison.Ordinal);
        Assert.Contains($"'{TelemetryNames.Metrics.DocumentsOverSla}'", queries, StringComparison.Ordinal);
        Assert.Contains("'LedgerRejected'", queries, StringComparison.Ordinal);
        Assert.Contains("'Poisoned'", queries, StringComparison.Ordinal);
        Assert.Contains("'DailyLimitReached'", queries, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checker_names_what_the_old_sync_lag_panel_got_wrong()
    {
        const string oldPanel = "customMetrics\n| where name == 'CreditNoteSyncLagMinutes'\n| extend Ledger = tostring(customDimensions.Ledger)\n| summarize p95 = percentile(valueMax, 95) by Ledger";

        var problems = TelemetryQueryChecker.Problems("old panel", oldPanel);

        Assert.Contains(problems, p => p.Contains("no metric 'CreditNoteSyncLagMinutes'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("customDimensions.Ledger", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("customMetrics\n| where name == 'creditfunctions.ledger.calls'\n| where customDimensions.Ledger == 'xero'", "customDimensions.Ledger")]
    [InlineData("customMetrics\n| where name == 'creditfunctions.alerts'\n| where tostring(customDimensions.kind) == 'SlaBreach'", "kind is never 'SlaBreach'")]
    [InlineData("traces\n| where customDimensions.EventId == '2999'", "EventId is never '2999'")]
    [InlineData("traces\n| extend Kind = tostring(customDimensions.AlertKind)\n| where Kind in ('Poison')", "AlertKind is never 'Poison'")]
    [InlineData("customEvents\n| where name == 'CreditNoteSynced'", "table 'customEvents'")]
    [InlineData("customMetrics\n| summarize max(value)", "without naming a metric")]
    [InlineData("customMetrics\n| where name in ('creditfunctions.alerts', 'creditfunctions.sync.latency')\n| extend kind = tostring(customDimensions.kind)", "customDimensions.kind")]
    public void The_checker_catches_names_the_app_does_not_emit(string query, string expected)
    {
        Assert.Contains(TelemetryQueryChecker.Problems("planted", query), p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static IEnumerable<(string Name, string Query)> WorkbookQueries()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(Path.Combine(Modules, "workbook.json")));
        foreach (var item in workbook.RootElement.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("content").TryGetProperty("query", out var query))
            {
                yield return (item.GetProperty("name").GetString()!, query.GetString()!);
            }
        }
    }

    private static IEnumerable<string> AlertQueries() =>
        BicepQuery().Matches(File.ReadAllText(Path.Combine(Modules, "alerts.bicep"))).Select(m => m.Groups[1].Value);

    /// <summary>A Bicep multi-line string given as a rule's query.</summary>
    [GeneratedRegex(@"query:\s*'''(.*?)'''", RegexOptions.Singleline)]
    private static partial Regex BicepQuery();
}
