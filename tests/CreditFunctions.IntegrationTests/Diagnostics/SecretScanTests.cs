using System.Diagnostics;
using CreditFunctions.Diagnostics;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>
/// What the app logs and traces across a run of consents and syncs on Xero, MYOB and QuickBooks (<see cref="TelemetryRun"/>):
/// no secret, key or token it was given or stored appears anywhere in any line (nor in the lines of every other test of
/// the process that ran before); every line about a document carries its tenant and credit note; and the webhook's
/// trace reaches the ledger calls through the orchestration.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretScanTests(TelemetryRun run) : IClassFixture<TelemetryRun>
{
    [Fact]
    public void No_secret_key_or_token_used_in_the_run_appears_in_any_captured_log_line()
    {
        var logs = LogCapture.Suite.Entries;
        var secrets = UsedSecrets.All;

        // The scan means something only if the run produced the lines and secrets it is about.
        Assert.All(TelemetryRun.CreditNotes, id => Assert.Contains(logs, l => l.Fields.Any(f => f.Value == id)));
        Assert.Contains(secrets, s => s.Value == "setting Tenants:t1:WebhookSecret");
        Assert.Contains(secrets, s => s.Value == "setting Tenants:t1:ApiKey");
        Assert.Contains(secrets, s => s.Value == "setting Xero:ClientSecret");
        Assert.Contains(secrets, s => s.Value == "setting Myob:ClientSecret");
        Assert.Contains(secrets, s => s.Value == "setting QuickBooks:ClientSecret");
        Assert.True(secrets.Count(s => s.Value == "stored token") >= 6, "access and refresh tokens of the three ledgers should have been stored");
        var findings = SecretScanner.Find(logs, secrets);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void Every_line_about_a_credit_note_of_the_run_carries_its_tenant_and_credit_note_as_scope()
    {
        var lines = LogCapture.Suite.Entries
            .Where(l => l.Fields.Any(f => f.Key is "CreditNoteId" or "DocumentId" && TelemetryRun.CreditNotes.Contains(f.Value)))
            .ToList();

        Assert.Contains(lines, l => l.EventId == TelemetryNames.LogEvent.Synced);
        Assert.Contains(lines, l => l.Category.EndsWith("LedgerActivities", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(
            l.HasScope(TelemetryNames.LogField.TenantId) && l.HasScope(TelemetryNames.LogField.CreditNoteId),
            $"{l.Category} event {l.EventId} has no document scope"));
    }

    [Fact]
    public void The_webhooks_trace_runs_through_the_orchestration_to_each_ledger_call_and_the_confirmation()
    {
        var ofDocument = run.Spans
            .Where(s => (string?)s.GetTagItem(TelemetryNames.SpanAttribute.CreditNoteId) == TelemetryRun.TracedCreditNote)
            .ToList();

        var ledgerCalls = ofDocument.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.NotEmpty(ledgerCalls);
        Assert.Contains(ledgerCalls, s => (string?)s.GetTagItem(TelemetryNames.SpanAttribute.Ledger) == "xero");
        Assert.All(ofDocument, s => Assert.Equal(run.WebhookTrace, s.TraceId));
        Assert.Contains(ofDocument, s => s.OperationName == "record sync progress");
    }
}
