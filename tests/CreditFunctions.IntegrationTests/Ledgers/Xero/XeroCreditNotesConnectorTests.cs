using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>The adapter over real HTTP against the Xero simulator, with the simulator's OpenAPI conformance check attached.</summary>
public sealed class XeroCreditNotesConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_created_credit_note_is_authorised_and_read_back_by_number()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-1001");

        var created = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-1001"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.True(created.Succeeded, created.Failure?.Message);
        Assert.Equal(("CN-1001", "AUTHORISED", 110m, 110m), (created.Value!.Number, created.Value.Status, created.Value.Total, created.Value.RemainingCredit));
        Assert.Equal(created.Value.LedgerDocumentId, found.Value!.LedgerDocumentId);
        Assert.True(harness.Conformance.ExchangesChecked >= 3);
    }

    [Fact]
    public async Task A_credit_note_not_in_Xero_reads_back_as_null()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();

        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-404"), None);

        Assert.True(found.Succeeded);
        Assert.Null(found.Value);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_after_commit_is_Ambiguous_and_read_back_finds_the_one_document()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-2001");
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "CreditNotes");

        var first = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-2001"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.Equal(LedgerFailureKind.Ambiguous, first.Failure!.Kind);
        Assert.NotNull(found.Value);
        Assert.Equal(1, harness.StoredCreditNotes("CN-2001"));
    }

    [Fact]
    public async Task A_retry_with_the_same_key_inside_Xeros_window_replays_the_first_answer()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-2002");
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "CreditNotes");
        await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-2002"), None);

        var retried = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-2002"), None);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(1, harness.StoredCreditNotes("CN-2002"));
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().IdempotentReplays);
    }

    [Fact]
    public async Task A_retry_after_Xeros_key_window_finds_the_number_taken_and_returns_the_existing_document()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-2003");
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "CreditNotes");
        await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-2003"), None);
        harness.ManualTime.Advance(TimeSpan.FromMinutes(7)); // X13: keys are kept about 6 minutes

        var retried = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-2003"), None);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(1, harness.StoredCreditNotes("CN-2003"));
    }

    [Fact]
    public async Task A_number_taken_by_a_different_document_is_refused_not_duplicated()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        await harness.Connector.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-2004", net: 10m), XeroAdapterHarness.Key("CN-2004", "other"), None);

        var result = await harness.Connector.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-2004", net: 20m), XeroAdapterHarness.Key("CN-2004"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("must be unique", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.StoredCreditNotes("CN-2004"));
    }

    [Fact]
    public async Task An_approved_credit_note_without_allocations_is_updated_in_place_and_can_be_voided()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var created = await harness.Connector.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-3001"), XeroAdapterHarness.Key("CN-3001"), None);
        var id = created.Value!.LedgerDocumentId;

        var updated = await harness.Connector.UpdateCreditNoteAsync(harness.Connection, id, XeroAdapterHarness.Note("CN-3001", net: 40m), XeroAdapterHarness.Key("CN-3001", "update"), None);
        var voided = await harness.Connector.VoidCreditNoteAsync(harness.Connection, id, XeroAdapterHarness.Key("CN-3001", "void"), None);

        Assert.Equal((id, 44m), (updated.Value!.LedgerDocumentId, updated.Value.Total));
        Assert.Equal("VOIDED", voided.Value!.Status);
        Assert.Equal(1, harness.StoredCreditNotes("CN-3001"));
    }

    [Fact]
    public async Task A_credit_is_allocated_partly_then_fully()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-100", 500m);
        var note = XeroAdapterHarness.Note("CN-4001");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-4001"), None)).Value!.LedgerDocumentId;

        var part = await harness.Connector.AllocateAsync(harness.Connection, id, note, new AllocationRequest("INV-100", 50m, note.Date), XeroAdapterHarness.Key("CN-4001", "alloc-1"), None);
        var rest = await harness.Connector.AllocateAsync(harness.Connection, id, note, new AllocationRequest("INV-100", 60m, note.Date), XeroAdapterHarness.Key("CN-4001", "alloc-2"), None);
        var after = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.Equal(("INV-100", 50m), (part.Value!.InvoiceNumber, part.Value.Amount));
        Assert.True(rest.Succeeded, rest.Failure?.Message);
        Assert.NotNull(part.Value.AllocationId);
        Assert.Equal(0m, after.Value!.RemainingCredit);
        Assert.Equal(2, after.Value.Allocations.Count);
    }

    [Fact]
    public async Task Allocation_waits_until_the_invoice_is_in_the_ledger()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-4002");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-4002"), None)).Value!.LedgerDocumentId;
        var request = new AllocationRequest("INV-200", 110m, note.Date);

        var early = await harness.Connector.AllocateAsync(harness.Connection, id, note, request, XeroAdapterHarness.Key("CN-4002", "alloc"), None);
        harness.SeedInvoice("INV-200", 110m);
        var later = await harness.Connector.AllocateAsync(harness.Connection, id, note, request, XeroAdapterHarness.Key("CN-4002", "alloc"), None);

        Assert.Equal(LedgerFailureKind.NotFound, early.Failure!.Kind);
        Assert.True(later.Succeeded, later.Failure?.Message);
    }

    [Theory]
    [InlineData("ACCREC", 0, "The invoice you are trying to allocate to has already been paid off")]
    [InlineData("ACCREC", 20, "Credit Note cannot be allocated as amount is greater than amount outstanding")]
    [InlineData("ACCPAY", 500, "Credit Note cannot be allocated to an incorrect invoice type")]
    public async Task Each_allocation_refusal_Xero_is_known_for_is_a_validation_failure_in_its_words(string invoiceType, int amountDue, string message)
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-300", 500m, invoiceType, amountDue);
        var note = XeroAdapterHarness.Note("CN-4003");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-4003"), None)).Value!.LedgerDocumentId;

        var result = await harness.Connector.AllocateAsync(harness.Connection, id, note, new AllocationRequest("INV-300", 100m, note.Date), XeroAdapterHarness.Key("CN-4003", "alloc"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Equal(message, result.Failure.Message);
    }

    [Fact]
    public async Task A_date_inside_a_locked_period_is_PeriodLocked_with_the_first_open_day()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.SetLockDates(harness.TenantId, new DateOnly(2026, 10, 31), new DateOnly(2026, 6, 30));
        var note = XeroAdapterHarness.Note("CN-5001", date: new DateOnly(2026, 10, 15));

        var locked = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-5001"), None);
        var redated = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note with { Date = locked.Failure!.FirstOpenDay!.Value }, XeroAdapterHarness.Key("CN-5001", "redated"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure.Kind);
        Assert.Equal(new DateOnly(2026, 11, 1), locked.Failure.FirstOpenDay);
        Assert.True(redated.Succeeded, redated.Failure?.Message);
        Assert.Equal(1, harness.StoredCreditNotes("CN-5001"));
    }

    [Fact]
    public async Task A_server_error_is_Transient()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Faults.FailNext(statusCode: 503, pathContains: "CreditNotes");

        var result = await harness.Connector.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-6001"), None);

        Assert.Equal((LedgerFailureKind.Transient, 503), (result.Failure!.Kind, result.Failure.HttpStatus));
    }

    [Fact]
    public async Task A_429_from_calls_another_process_made_is_Throttled_with_Retry_After_and_parks_the_tenant()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var other = harness.Process(1).GetRequiredService<XeroCreditNotesConnector>();
        harness.Settings["Xero:CallsPerWindowPerTenant"] = "1000"; // process 2 does not know the real limit
        var greedy = harness.Process(2).GetRequiredService<XeroCreditNotesConnector>();
        for (var i = 0; i < 60; i++)
        {
            Assert.True((await greedy.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-7000"), None)).Succeeded);
        }

        var result = await other.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-7001"), None);
        var next = harness.Process(1).GetRequiredService<XeroRateGate>().AcquireAsync(harness.Connection.LedgerTenantId, None);

        Assert.Equal(LedgerFailureKind.Throttled, result.Failure!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Failure.RetryAfter);
        Assert.False(next.IsCompleted);
        harness.ManualTime.Advance(TimeSpan.FromSeconds(59));
        Assert.False(next.IsCompleted); // X-MinLimit-Remaining: 0 also counted the other process's calls as made now
        harness.ManualTime.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Value!.Dispose();
    }

    [Fact]
    public async Task Revoked_consent_is_AuthorisationLost()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.RevokeConsent(harness.Seed.ClientId);

        var result = await harness.Connector.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-8001"), None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, result.Failure!.Kind);
        Assert.DoesNotContain(harness.Seed.Tokens.RefreshToken!, result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_refresh_token_is_AuthorisationLost_once_the_access_token_runs_out()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.ExpireRefreshTokens(harness.Seed.ClientId);
        var before = await harness.Connector.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-8002"), None);
        harness.ManualTime.Advance(TimeSpan.FromMinutes(26));

        var after = await harness.Connector.FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-8002"), None);

        Assert.True(before.Succeeded);
        Assert.Equal(LedgerFailureKind.AuthorisationLost, after.Failure!.Kind);
    }
}
