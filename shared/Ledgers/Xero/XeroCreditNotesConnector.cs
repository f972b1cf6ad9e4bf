using CreditFunctions.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// The Xero adapter behind <see cref="ILedgerConnector"/>. Exactly-once rests on three things: the workflow's
/// durable write key sent as Idempotency-Key (minutes of protection, X13); never re-posting after a lost answer
/// (Ambiguous, resolved by <see cref="FindCreditNoteAsync"/>); and treating "Credit Note # must be unique" on create
/// as "it is already there" when the document found under the number is this one (D2).
/// </summary>
internal sealed partial class XeroCreditNotesConnector(
    XeroClient client,
    XeroContactResolver contacts,
    XeroLockDates lockDates,
    XeroRateGate gate,
    ILogger<XeroCreditNotesConnector> logger,
    IOptions<XeroOptions> options) : ILedgerConnector
{
    private readonly XeroKeyedWrites _writes = new(client);

    /// <summary>Credit notes per PUT /CreditNotes (X3).</summary>
    public const int MaxBatch = 50;

    private static readonly LedgerCapabilities XeroCapabilities = new(
        HasIdempotencyKey: true,
        CanUpdateApproved: true, // X2/X7: an AUTHORISED note without allocations or payments can be updated.
        MaxIdempotencyKeyLength: XeroIdempotencyKey.MaxLength)
    {
        MaxCreateBatch = MaxBatch,
    };

    public LedgerKind Ledger => LedgerKind.Xero;

    public LedgerCapabilities Capabilities => XeroCapabilities;

    public async Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var results = await CreateCreditNotesAsync(connection, [(note, key)], cancellationToken);
        return results[0];
    }

    public Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(
        LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken) =>
        CreateCreditNotesAsync(connection, items, MaxBatch, cancellationToken);

    /// <summary>
    /// Creates many credit notes for one connection in PUTs of up to <paramref name="batchSize"/> (at most 50, X3) with
    /// summarizeErrors=false, so one bad document fails alone (X4). Results come back in input order. The workflow
    /// reaches it through <see cref="LedgerCreateBatcher"/>.
    /// </summary>
    public async Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(
        LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, int batchSize, CancellationToken cancellationToken)
    {
        var results = new LedgerResult<LedgerDocument>[items.Count];
        var ready = new List<(int Index, XeroCreditNote Wire)>();
        for (var i = 0; i < items.Count; i++)
        {
            var contact = await contacts.ResolveAsync(connection, items[i].Note.Contact, cancellationToken);
            if (contact.Succeeded)
            {
                ready.Add((i, XeroCreditNoteMapper.ToWire(items[i].Note, contact.Value!)));
            }
            else
            {
                results[i] = contact.Failure!;
            }
        }

        foreach (var chunk in ready.Chunk(Math.Clamp(batchSize, 1, MaxBatch)))
        {
            var key = chunk.Length == 1 && items.Count == 1
                ? XeroIdempotencyKey.From(items[chunk[0].Index].Key)
                : XeroIdempotencyKey.ForBatch(chunk.Select(c => items[c.Index].Key));
            var response = await client.CreateCreditNotesAsync(connection, [.. chunk.Select(c => c.Wire)], key, cancellationToken);
            for (var j = 0; j < chunk.Length; j++)
            {
                var note = items[chunk[j].Index].Note;
                LedgerResult<LedgerDocument> outcome;
                if (!response.Succeeded)
                {
                    outcome = response.Failure!;
                }
                else if (response.Value!.CreditNotes.ElementAtOrDefault(j) is not { } element)
                {
                    outcome = new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero's answer did not list this credit note.");
                }
                else
                {
                    outcome = Element(element, note.Number);
                }

                results[chunk[j].Index] = outcome.Succeeded ? outcome : await AfterCreateFailedAsync(connection, note, outcome.Failure!, cancellationToken);
            }
        }

        return results;
    }

    public Task WaitForCallSlotAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        gate.WaitUntilOpenAsync(connection.LedgerTenantId, cancellationToken);

    public async Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        var found = await FindWireAsync(connection, note, cancellationToken);
        return found.Succeeded
            ? LedgerResult<LedgerDocument?>.Ok(found.Value is null ? null : XeroCreditNoteMapper.ToDocument(found.Value, note))
            : found.Failure!;
    }

    public async Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var contact = await contacts.ResolveAsync(connection, note.Contact, cancellationToken);
        if (!contact.Succeeded)
        {
            return contact.Failure!;
        }

        var wire = XeroCreditNoteMapper.ToWire(note, contact.Value!, ledgerDocumentId);
        var response = await client.UpdateCreditNoteAsync(connection, ledgerDocumentId, wire, XeroIdempotencyKey.From(key), cancellationToken);
        var outcome = Single(response, note.Number);
        return outcome.Succeeded ? outcome : await WithFirstOpenDayAsync(connection, note.Date, outcome.Failure!, cancellationToken);
    }

    public async Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var response = await client.UpdateCreditNoteAsync(connection, ledgerDocumentId, XeroCreditNoteMapper.ToVoid(ledgerDocumentId), XeroIdempotencyKey.From(key), cancellationToken);
        return Single(response, "");
    }

    public async Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var invoices = await client.FindInvoicesAsync(connection, allocation.InvoiceNumber, cancellationToken);
        if (!invoices.Succeeded)
        {
            return invoices.Failure!;
        }

        var invoice = invoices.Value!.Invoices.FirstOrDefault(i =>
            string.Equals(i.InvoiceNumber, allocation.InvoiceNumber, StringComparison.Ordinal)
            && i.Status is not (XeroCreditNoteMapper.Deleted or XeroCreditNoteMapper.Voided));
        if (invoice?.InvoiceID is not { Length: > 0 } invoiceId)
        {
            LogInvoiceNotInLedger(logger, note.Id, connection.ConnectionId, allocation.InvoiceNumber);
            return new LedgerFailure(LedgerFailureKind.NotFound, $"Invoice {allocation.InvoiceNumber} is not in Xero yet.");
        }

        var wire = new XeroAllocation
        {
            Invoice = new XeroInvoice { InvoiceID = invoiceId },
            Amount = allocation.Amount,
            Date = XeroJson.FormatDate(allocation.Date),
        };
        var response = await client.AllocateAsync(connection, ledgerDocumentId, wire, XeroIdempotencyKey.From(key), cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        if (response.Value!.Allocations.FirstOrDefault() is not { } element)
        {
            return new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero's answer did not list the allocation.");
        }

        // X7: "already been paid off", "greater than amount outstanding", "incorrect invoice type" — Validation.
        var errors = XeroCreditNoteMapper.Errors(element.ValidationErrors);
        if (errors.Count > 0)
        {
            return XeroErrorClassifier.FromMessages(errors, 200, null);
        }

        return LedgerResult<LedgerAllocation>.Ok(XeroCreditNoteMapper.ToAllocation(element, allocation) with { InvoiceNumber = allocation.InvoiceNumber });
    }

    public async Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var allocationId = allocation.AllocationId;
        if (allocationId is null)
        {
            var located = await LiveAllocationIdAsync(connection, ledgerDocumentId, note, a => SameAllocation(a, allocation), cancellationToken);
            if (!located.Succeeded)
            {
                return located.Failure!;
            }

            if (located.Value is null)
            {
                return LedgerResult<LedgerAllocation>.Ok(allocation); // nothing of ours left on the document
            }

            allocationId = located.Value;
        }

        var response = await client.DeleteAllocationAsync(connection, ledgerDocumentId, allocationId, cancellationToken);
        if (response.Succeeded)
        {
            return LedgerResult<LedgerAllocation>.Ok(allocation with { AllocationId = allocationId });
        }

        if (response.Failure!.Kind != LedgerFailureKind.NotFound)
        {
            return response.Failure;
        }

        // 404: removed already (a repeat after a lost answer; DELETE carries no Idempotency-Key), or no such document.
        // Only the document, read back, tells which.
        var still = await LiveAllocationIdAsync(connection, ledgerDocumentId, note, a => string.Equals(a.AllocationID, allocationId, StringComparison.OrdinalIgnoreCase), cancellationToken);
        if (!still.Succeeded)
        {
            return still.Failure!;
        }

        return still.Value is null
            ? LedgerResult<LedgerAllocation>.Ok(allocation with { AllocationId = allocationId })
            : response.Failure;
    }

    /// <summary>
    /// X9: the cash refund of a credit note is a Payment whose target is the CreditNote (ARCREDITPAYMENT, or APCREDITPAYMENT
    /// for a supplier's credit), its Reference carrying the key's marker so a repeat finds it (look before post) and the
    /// key as Idempotency-Key. Xero refuses more than the remaining credit ("Payment amount exceeds the amount outstanding
    /// on this document", X10): Validation with Xero's words.
    /// </summary>
    public async Task<LedgerResult<LedgerRefund>> RefundCreditAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var wire = new XeroPayment
        {
            CreditNote = new XeroCreditNote { CreditNoteID = ledgerDocumentId },
            Account = new XeroAccount { Code = refund.BankAccount ?? options.Value.DefaultBankAccountCode },
            Date = XeroJson.FormatDate(refund.Date),
            Amount = refund.Amount,
            Reference = XeroMoneyMarker.Reference(refund.Memo ?? $"Refund of {note.Number}", key),
        };
        var paid = await _writes.PayAsync(connection, wire, XeroClient.EqualGuid("CreditNote.CreditNoteID", ledgerDocumentId), key, cancellationToken);
        if (!paid.Succeeded)
        {
            return await WithFirstOpenDayAsync(connection, refund.Date, paid.Failure!, cancellationToken);
        }

        return LedgerResult<LedgerRefund>.Ok(new LedgerRefund(paid.Value!.PaymentID!, paid.Value.Amount ?? refund.Amount, XeroJson.ParseDate(paid.Value.Date) ?? refund.Date));
    }

    private async Task<LedgerResult<string?>> LiveAllocationIdAsync(
        LedgerConnection connection, string ledgerDocumentId, CreditNote note, Func<XeroAllocation, bool> match, CancellationToken cancellationToken)
    {
        var found = await FindWireAsync(connection, note, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        if (found.Value is not { } document || !string.Equals(document.CreditNoteID, ledgerDocumentId, StringComparison.OrdinalIgnoreCase))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Credit note {note.Number} is no longer in Xero as {ledgerDocumentId}; its allocations cannot be changed.");
        }

        return LedgerResult<string?>.Ok((document.Allocations ?? []).FirstOrDefault(a => a.IsDeleted != true && match(a))?.AllocationID);
    }

    private static bool SameAllocation(XeroAllocation wire, LedgerAllocation allocation) =>
        wire.Amount == allocation.Amount
        && (wire.Invoice?.InvoiceNumber is not { } number || string.Equals(number, allocation.InvoiceNumber, StringComparison.OrdinalIgnoreCase));

    private async Task<LedgerResult<LedgerDocument>> AfterCreateFailedAsync(LedgerConnection connection, CreditNote note, LedgerFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            return await WithFirstOpenDayAsync(connection, note.Date, failure, cancellationToken);
        }

        if (!XeroErrorClassifier.IsDuplicateNumber(failure))
        {
            return failure;
        }

        // The number is taken: an earlier attempt whose answer was lost, or someone else's document.
        var found = await FindWireAsync(connection, note, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        if (found.Value is { } existing && XeroCreditNoteMapper.IsSameDocument(existing, note))
        {
            LogAlreadyInLedger(logger, note.Id, connection.ConnectionId, existing.CreditNoteID ?? "");
            return LedgerResult<LedgerDocument>.Ok(XeroCreditNoteMapper.ToDocument(existing, note.Number));
        }

        return failure with { Message = $"{failure.Message} Credit note {note.Number} exists in Xero with different content; an operator must decide." };
    }

    private async Task<LedgerResult<XeroCreditNote?>> FindWireAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        var response = await client.FindCreditNotesAsync(connection, note.Number, XeroCreditNoteMapper.TypeOf(note.Kind), cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        var candidates = response.Value!.CreditNotes.Where(c => c.CreditNoteNumber == note.Number).ToList();
        return LedgerResult<XeroCreditNote?>.Ok(candidates.FirstOrDefault(c => c.Status != XeroCreditNoteMapper.Deleted) ?? candidates.FirstOrDefault());
    }

    private async Task<LedgerFailure> WithFirstOpenDayAsync(LedgerConnection connection, DateOnly date, LedgerFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Kind != LedgerFailureKind.PeriodLocked)
        {
            return failure;
        }

        var firstOpen = await lockDates.FirstOpenDayAsync(connection, date, cancellationToken);
        return firstOpen is null
            ? failure
            : failure with { FirstOpenDay = firstOpen, Message = $"{failure.Message} First open day: {XeroJson.FormatDate(firstOpen.Value)}." };
    }

    private static LedgerResult<LedgerDocument> Single(LedgerResult<XeroCreditNotes> response, string number)
    {
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        return response.Value!.CreditNotes.FirstOrDefault() is { } element
            ? Element(element, number)
            : new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero's answer did not list the credit note.");
    }

    private static LedgerResult<LedgerDocument> Element(XeroCreditNote element, string number)
    {
        var errors = XeroCreditNoteMapper.Errors(element.ValidationErrors);
        return errors.Count > 0 || string.IsNullOrEmpty(element.CreditNoteID)
            ? XeroErrorClassifier.FromMessages(errors, 200, null)
            : LedgerResult<LedgerDocument>.Ok(XeroCreditNoteMapper.ToDocument(element, number));
    }

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Credit note {DocumentId} already in Xero for connection {ConnectionId} as {CreditNoteId}; no second document")]
    private static partial void LogAlreadyInLedger(ILogger logger, string documentId, string connectionId, string creditNoteId);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "Credit note {DocumentId}: invoice {InvoiceNumber} not in Xero yet for connection {ConnectionId}")]
    private static partial void LogInvoiceNotInLedger(ILogger logger, string documentId, string connectionId, string invoiceNumber);
}
