using System.Text.RegularExpressions;
using CreditFunctions.Diagnostics;

namespace CreditFunctions.Tests.Diagnostics;

/// <summary>
/// Reads a KQL query the way Azure Monitor will run it against what the app exports, and names everything in it the app
/// does not emit: a table the exporter does not write, a metric name, a customDimensions key, a value of a closed set
/// (alert kinds, outcomes, ledgers, event ids). Everything is compared with <see cref="TelemetryNames"/>, the names the
/// app's code records with. Queries are short and written here, so patterns suffice where a KQL parser would be overkill.
/// </summary>
internal static partial class TelemetryQueryChecker
{
    /// <summary>Application Insights (and workspace-based) tables a query could name.</summary>
    private static readonly string[] KnownTables =
    [
        "customMetrics", "traces", "dependencies", "requests", "exceptions", "customEvents", "pageViews", "availabilityResults",
        "performanceCounters", "browserTimings", "AppMetrics", "AppTraces", "AppDependencies", "AppRequests", "AppExceptions", "AppEvents",
    ];

    public static IReadOnlyList<string> Problems(string where, string query)
    {
        var problems = new List<string>();
        var tables = KnownTables.Where(t => Regex.IsMatch(query, $@"(?<![\w.]){t}(?!\w)")).ToList();
        if (tables.Count == 0)
        {
            problems.Add($"{where}: reads no table");
        }

        problems.AddRange(tables.Where(t => !TelemetryNames.Table.All.Contains(t)).Select(t => $"{where}: table '{t}' gets nothing from the app"));

        var metrics = MetricFilter().Matches(query).SelectMany(m => Quoted().Matches(m.Groups[1].Value)).Select(q => q.Groups[1].Value).Distinct().ToList();
        if (tables.Contains(TelemetryNames.Table.CustomMetrics) && metrics.Count == 0)
        {
            problems.Add($"{where}: reads customMetrics without naming a metric");
        }

        problems.AddRange(metrics.Where(m => !TelemetryNames.Metrics.Dimensions.ContainsKey(m)).Select(m => $"{where}: no metric '{m}' is emitted"));

        var allowed = AllowedKeys(tables, metrics);
        var keys = DimensionKey().Matches(query).Select(Key).Distinct().ToList();
        problems.AddRange(keys.Where(k => !allowed.Contains(k)).Select(k => $"{where}: customDimensions.{k} is not emitted with {string.Join(", ", metrics.DefaultIfEmpty(string.Join(", ", tables)))}"));
        problems.AddRange(ValueProblems(where, query));
        return problems;
    }

    private static HashSet<string> AllowedKeys(IReadOnlyList<string> tables, IReadOnlyList<string> metrics)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        if (tables.Contains(TelemetryNames.Table.CustomMetrics))
        {
            // A key must be recorded with every metric the query reads, or some rows lack it.
            var known = metrics.Where(TelemetryNames.Metrics.Dimensions.ContainsKey).Select(m => TelemetryNames.Metrics.Dimensions[m]).ToList();
            allowed.UnionWith(known.Count == 0 ? [] : known.Skip(1).Aggregate((IEnumerable<string>)known[0], (a, b) => a.Intersect(b)));
        }

        if (tables.Contains(TelemetryNames.Table.Traces) || tables.Contains(TelemetryNames.Table.Exceptions))
        {
            allowed.UnionWith(TelemetryNames.LogField.All);
        }

        if (tables.Contains(TelemetryNames.Table.Dependencies))
        {
            allowed.UnionWith(TelemetryNames.SpanAttribute.All);
        }

        return allowed;
    }

    /// <summary>Literals compared with a closed-set field, directly or through a column extended from it.</summary>
    private static IEnumerable<string> ValueProblems(string where, string query)
    {
        var aliases = Alias().Matches(query).ToDictionary(m => m.Groups[1].Value, m => Key(m), StringComparer.Ordinal);
        foreach (Match comparison in Comparison().Matches(query))
        {
            var left = comparison.Groups[1].Value;
            var key = left.StartsWith("customDimensions", StringComparison.Ordinal) ? Key(DimensionKey().Match(left)) : aliases.GetValueOrDefault(left);
            if (key is null || ClosedValues(key) is not { } values)
            {
                continue;
            }

            foreach (var literal in Quoted().Matches(comparison.Groups[2].Value).Select(q => q.Groups[1].Value).Where(v => !values.Contains(v)))
            {
                yield return $"{where}: {key} is never '{literal}'";
            }
        }
    }

    private static IReadOnlyList<string>? ClosedValues(string key) =>
        TelemetryNames.Dimension.Values.GetValueOrDefault(key) ?? TelemetryNames.LogField.Values.GetValueOrDefault(key);

    private static string Key(Match match) => match.Groups["dot"].Success ? match.Groups["dot"].Value : match.Groups["bracket"].Value;

    [GeneratedRegex(@"\bname\s*(?:==|in)\s*(\([^)]*\)|'[^']*')")]
    private static partial Regex MetricFilter();

    [GeneratedRegex(@"customDimensions(?:\.(?<dot>\w+)|\[\s*['""](?<bracket>[^'""]+)['""]\s*\])")]
    private static partial Regex DimensionKey();

    [GeneratedRegex(@"(\w+)\s*=\s*to\w+\(\s*customDimensions(?:\.(?<dot>\w+)|\[\s*['""](?<bracket>[^'""]+)['""]\s*\])\s*\)")]
    private static partial Regex Alias();

    [GeneratedRegex(@"(?:to\w+\(\s*)?(customDimensions(?:\.\w+|\[[^\]]+\])|\w+)\s*\)?\s*(?:==|!=|\bin\b|!in)\s*(\([^)]*\)|'[^']*')")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();
}
