using System.Text.Json;
using System.Text.RegularExpressions;
using CreditFunctions.Alerts;
using CreditFunctions.Diagnostics;
using CreditFunctions.LocalHost.LocalDev;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Tests.Diagnostics;

/// <summary>
/// The log fields the workbook reads are the ones the app's log events really carry: each event the workbook filters on
/// (by EventId) is emitted here through the app's own <see cref="TelemetryLog"/> and its structured state compared with
/// the customDimensions keys the workbook reads for it. The exporter writes the state values as customDimensions under
/// the same keys and adds EventId (docs/telemetry.md).
/// </summary>
public sealed partial class TelemetryLogTests
{
    private static readonly Dictionary<int, Action<ILogger>> Emit = new()
    {
        [TelemetryNames.LogEvent.Synced] = logger => TelemetryLog.Synced(logger, "cn_1", "t1", "xero", 1.5),
        [TelemetryNames.LogEvent.AlertRaised] = logger => TelemetryLog.AlertRaised(logger, "cn_1", "t1", AlertKind.SlaBreached, "t1-xero", "late"),
    };

    [Fact]
    public void Each_log_event_the_workbook_reads_carries_every_field_the_workbook_reads_from_it()
    {
        var read = FieldsReadPerEvent();

        Assert.Equal(Emit.Keys.Order(), read.Keys.Order());
        foreach (var (eventId, fields) in read)
        {
            var logger = new StateRecordingLogger();
            Emit[eventId](logger);
            var emitted = logger.Keys.Append(TelemetryNames.LogField.EventId).ToHashSet(StringComparer.Ordinal);
            Assert.All(fields, field => Assert.True(emitted.Contains(field), $"event {eventId} has no field {field}"));
            Assert.Equal(eventId, logger.EventId);
        }
    }

    [Fact]
    public void A_document_scope_carries_the_tenant_and_the_credit_note_as_fields()
    {
        var logger = new StateRecordingLogger();

        using (logger.BeginDocument("t1", "cn_1"))
        {
        }

        Assert.Equal([new("TenantId", "t1"), new("CreditNoteId", "cn_1")], logger.Scopes.Single());
        Assert.Equal(TelemetryNames.LogField.TenantId, logger.Scopes.Single()[0].Key);
    }

    /// <summary>For each EventId a workbook query filters traces on, the customDimensions keys that query reads.</summary>
    private static Dictionary<int, HashSet<string>> FieldsReadPerEvent()
    {
        var path = Path.Combine(RepositoryRoot.Find()!, "infra", "modules", "workbook.json");
        using var workbook = JsonDocument.Parse(File.ReadAllText(path));
        var read = new Dictionary<int, HashSet<string>>();
        foreach (var item in workbook.RootElement.GetProperty("items").EnumerateArray())
        {
            if (!item.GetProperty("content").TryGetProperty("query", out var element) || element.GetString() is not { } query || EventFilter().Match(query) is not { Success: true } filter)
            {
                continue;
            }

            var fields = read.TryGetValue(int.Parse(filter.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), out var known) ? known : read[int.Parse(filter.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = [];
            fields.UnionWith(Field().Matches(query).Select(m => m.Groups[1].Value));
        }

        return read;
    }

    [GeneratedRegex(@"customDimensions\.EventId\s*==\s*'(\d+)'")]
    private static partial Regex EventFilter();

    [GeneratedRegex(@"customDimensions\.(\w+)")]
    private static partial Regex Field();

    /// <summary>Keeps the structured state of what is logged (what the OpenTelemetry logger hands the exporter).</summary>
    private sealed class StateRecordingLogger : ILogger
    {
        public List<string> Keys { get; } = [];

        public int EventId { get; private set; }

        public List<IReadOnlyList<KeyValuePair<string, object?>>> Scopes { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            Scopes.Add(((IEnumerable<KeyValuePair<string, object?>>)state).ToList());
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            EventId = eventId.Id;
            Keys.AddRange(((IEnumerable<KeyValuePair<string, object?>>)state!).Select(kv => kv.Key));
        }
    }
}
