using Microsoft.Extensions.Logging;
using static CreditFunctions.Diagnostics.TelemetryNames;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// The document scope: every line logged inside it — the workflow's, the ledger adapters', the storage clients' — carries
/// the tenant and the credit note (<c>traces.customDimensions.TenantId</c> / <c>CreditNoteId</c> in Azure Monitor, which
/// the exporter fills from scopes). Scopes flow with the async context, so one scope at an entry point covers all below.
/// </summary>
public static class LogScopes
{
    public static IDisposable? BeginDocument(this ILogger logger, string tenantId, string creditNoteId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new DocumentScope(tenantId, creditNoteId));
    }

    /// <summary>Key/value pairs for structured sinks; a short text for console output.</summary>
    private sealed class DocumentScope(string tenantId, string creditNoteId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new(LogField.TenantId, tenantId),
            1 => new(LogField.CreditNoteId, creditNoteId),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"tenant {tenantId}, credit note {creditNoteId}";
    }
}
