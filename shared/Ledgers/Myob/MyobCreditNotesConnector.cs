using CreditFunctions.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// The MYOB adapter behind <see cref="ILedgerConnector"/>. MYOB has no idempotency key (M6), so exactly-once rests on the
/// workflow's durable write key recorded before every write, and on looking the document up by its Number (unique per
/// note, ≤ 13 characters) before any create and after any ambiguous outcome (lost answer, timeout, 5xx): a document
/// found there with our memo is the one we made, never a reason to post again. Settlements and refunds carry the write
/// key as their Memo, so a lost answer is resolved by looking that up. Amending or voiding a settled credit: the
/// workflow removes each CreditSettlement first (DELETE; settlements cannot be edited, contract §3), then updates the
/// sale in place (PUT with its RowVersion, M5) or deletes it — MYOB has no void status (docs/myob.md).
/// </summary>
internal sealed partial class MyobCreditNotesConnector(
    MyobClient client,
    MyobCardResolver cards,
    MyobReferences references,
    IOptions<MyobOptions> options,
    ILogger<MyobCreditNotesConnector> logger) : ILedgerConnector
{
    private static readonly LedgerCapabilities MyobCapabilities = new(
        HasIdempotencyKey: false, // M6
        CanUpdateApproved: true, // M5: PUT /{uid} with the current RowVersion
        MaxIdempotencyKeyLength: 128); // the key travels in settlement and refund memos only

    private readonly MyobOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.Myob;

    public LedgerCapabilities Capabilities => MyobCapabilities;

    public async Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var wire = await ToWireAsync(connection, note, null, null, cancellationToken);
        if (!wire.Succeeded)
        {
            return wire.Failure!;
        }

        // Look up by Number before any create: an earlier attempt may have landed without us hearing of it (M6).
        var existing = await FindWireAsync(connection, note, cancellationToken);
        if (!existing.Succeeded)
        {
            return existing.Failure!;
        }

        if (existing.Value is { } found)
        {
            return AlreadyThere(connection, note, found);
        }

        var created = await client.CreateAsync<MyobSale>(connection, MyobCreditNoteMapper.DocumentRoute(note.Kind), wire.Value!, cancellationToken);
        if (IsCardNotFound(created.Failure) && CardOf(wire.Value!) is { } staleCard)
        {
            // The stored card mapping points at a card MYOB no longer has (deleted, or another company file's): MYOB refused
            // the sale outright (400, nothing posted), so resolve the card again and post once more.
            wire = await ToWireAsync(connection, note, null, null, cancellationToken, staleCard);
            if (!wire.Succeeded)
            {
                return wire.Failure!;
            }

            created = await client.CreateAsync<MyobSale>(connection, MyobCreditNoteMapper.DocumentRoute(note.Kind), wire.Value!, cancellationToken);
        }

        if (created.Succeeded)
        {
            var sale = created.Value!.Value ?? wire.Value! with { UID = MyobReply<MyobSale>.UidFrom(created.Value.Location), Status = "Credit", TotalAmount = -note.Total, BalanceDueAmount = -note.Total };
            return LedgerResult<LedgerDocument>.Ok(MyobCreditNoteMapper.ToDocument(sale, []));
        }

        var failure = created.Failure!;
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            return await WithFirstOpenDayAsync(connection, note.Date, failure, cancellationToken);
        }

        if (!IsUnknownOutcome(failure))
        {
            return failure;
        }

        // The answer is lost or MYOB failed after maybe committing: look again before anyone posts again.
        var after = await FindWireAsync(connection, note, cancellationToken);
        return after is { Succeeded: true, Value: { } landed } && MyobCreditNoteMapper.IsSameDocument(landed, note)
            ? LedgerResult<LedgerDocument>.Ok(MyobCreditNoteMapper.ToDocument(landed, []))
            : failure with { Kind = LedgerFailureKind.Ambiguous };
    }

    /// <summary>MYOB has no batch create: one call per note.</summary>
    public async Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(
        LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken)
    {
        var results = new List<LedgerResult<LedgerDocument>>(items.Count);
        foreach (var (note, key) in items)
        {
            results.Add(await CreateCreditNoteAsync(connection, note, key, cancellationToken));
        }

        return results;
    }

    /// <summary>No batches to gather: a create never waits for company (the pacer paces the call itself).</summary>
    public Task WaitForCallSlotAsync(LedgerConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        var found = await FindWireAsync(connection, note, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        if (found.Value is not { } sale)
        {
            return LedgerResult<LedgerDocument?>.Ok(null);
        }

        // Nothing applied (the balance is the whole credit): no settlements to read, one call saved.
        IReadOnlyList<LedgerAllocation> allocations = [];
        if (sale.BalanceDueAmount != sale.TotalAmount)
        {
            var settlements = await SettlementsAsync(connection, note.Kind, sale.UID!, cancellationToken);
            if (!settlements.Succeeded)
            {
                return settlements.Failure!;
            }

            allocations = MyobCreditNoteMapper.Allocations(settlements.Value!);
        }

        return LedgerResult<LedgerDocument?>.Ok(MyobCreditNoteMapper.ToDocument(sale, allocations, note));
    }

    public async Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var route = MyobCreditNoteMapper.DocumentRoute(note.Kind);
        LedgerFailure? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // PUT needs the current RowVersion (M5); a 409 means someone changed it meanwhile: read again, once.
            var current = await client.GetAsync<MyobSale>(connection, $"{route}/{ledgerDocumentId}", null, cancellationToken);
            if (!current.Succeeded)
            {
                return current.Failure!.Kind == LedgerFailureKind.NotFound
                    ? new LedgerFailure(LedgerFailureKind.Validation, $"Credit note {note.Number} is no longer in MYOB as {ledgerDocumentId}; it cannot be amended.")
                    : current.Failure;
            }

            var wire = await ToWireAsync(connection, note, ledgerDocumentId, current.Value!.Value!.RowVersion, cancellationToken);
            if (!wire.Succeeded)
            {
                return wire.Failure!;
            }

            var updated = await client.UpdateAsync<MyobSale>(connection, route, ledgerDocumentId, wire.Value!, cancellationToken);
            if (updated.Succeeded)
            {
                return LedgerResult<LedgerDocument>.Ok(MyobCreditNoteMapper.ToDocument(updated.Value!.Value ?? wire.Value!, [], note));
            }

            last = updated.Failure!;
            if (last.HttpStatus != 409)
            {
                break;
            }
        }

        return await WithFirstOpenDayAsync(connection, note.Date, last!, cancellationToken);
    }

    /// <summary>
    /// MYOB has no void status: the credit sale is deleted (DELETE /{uid}, contract §8). Its settlements must be gone
    /// first (the workflow removes them). A file set to "transactions cannot be changed, must be reversed" refuses with
    /// 25003 (contract §7, §10): Validation, for an operator to reverse by hand. Already gone counts as voided.
    /// </summary>
    public async Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        // The port passes no note, so the side is unknown: a receivable credit is tried first, then a payable one.
        foreach (var kind in new[] { CreditNoteKind.Receivable, CreditNoteKind.Payable })
        {
            var failure = await client.DeleteAsync(connection, MyobCreditNoteMapper.DocumentRoute(kind), ledgerDocumentId, cancellationToken);
            if (failure is null)
            {
                break;
            }

            if (failure.Kind != LedgerFailureKind.NotFound)
            {
                return failure;
            }
        }

        return LedgerResult<LedgerDocument>.Ok(new LedgerDocument(ledgerDocumentId, "", MyobCreditNoteMapper.Deleted, 0m, 0m, []));
    }

    public async Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var card = await cards.ResolveAsync(connection, note.Kind, note.Contact, cancellationToken);
        if (!card.Succeeded)
        {
            return card.Failure!;
        }

        var invoices = await client.ListAsync<MyobSale>(connection, MyobCreditNoteMapper.TargetRoute(note.Kind), $"Number eq {MyobJson.Quote(allocation.InvoiceNumber)}", cancellationToken);
        if (!invoices.Succeeded)
        {
            return invoices.Failure!;
        }

        var candidates = invoices.Value!.Where(i => string.Equals(i.Number, allocation.InvoiceNumber, StringComparison.OrdinalIgnoreCase) && i.TotalAmount > 0m).ToList();
        if (candidates.Count == 0)
        {
            LogInvoiceNotInLedger(logger, note.Id, connection.ConnectionId, allocation.InvoiceNumber);
            return new LedgerFailure(LedgerFailureKind.NotFound, $"Invoice {allocation.InvoiceNumber} is not in MYOB yet.");
        }

        var invoice = candidates.FirstOrDefault(i => string.Equals(CardOf(i), card.Value, StringComparison.OrdinalIgnoreCase) && i.Status == "Open");
        if (invoice?.UID is not { } invoiceUid)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {allocation.InvoiceNumber} is not open for {note.Contact.Name} in MYOB (closed, or another card's); the credit cannot be applied to it.");
        }

        var settlement = MyobCreditNoteMapper.ToSettlement(note.Kind, ledgerDocumentId, card.Value!, invoiceUid, allocation.Amount, allocation.Date, key.Value);
        var created = await client.CreateAsync<MyobSettlement>(connection, MyobCreditNoteMapper.SettlementRoute(note.Kind), settlement, cancellationToken);
        if (created.Succeeded)
        {
            var uid = created.Value!.Value?.UID ?? MyobReply<MyobSettlement>.UidFrom(created.Value.Location);
            return LedgerResult<LedgerAllocation>.Ok(new LedgerAllocation(uid, allocation.InvoiceNumber, allocation.Amount, allocation.Date));
        }

        var failure = created.Failure!;
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            return await WithFirstOpenDayAsync(connection, allocation.Date, failure, cancellationToken);
        }

        if (!IsUnknownOutcome(failure))
        {
            return failure;
        }

        var made = await client.ListAsync<MyobSettlement>(connection, MyobCreditNoteMapper.SettlementRoute(note.Kind), $"Memo eq {MyobJson.Quote(key.Value)}", cancellationToken);
        return made is { Succeeded: true, Value: [{ UID: { } settled }, ..] }
            ? LedgerResult<LedgerAllocation>.Ok(new LedgerAllocation(settled, allocation.InvoiceNumber, allocation.Amount, allocation.Date))
            : failure with { Kind = LedgerFailureKind.Ambiguous };
    }

    /// <summary>Deletes the CreditSettlement (M3: settlements are create-and-delete only). One already gone counts as removed.</summary>
    public async Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var settlementId = allocation.AllocationId;
        if (settlementId is null)
        {
            var settlements = await SettlementsAsync(connection, note.Kind, ledgerDocumentId, cancellationToken);
            if (!settlements.Succeeded)
            {
                return settlements.Failure!;
            }

            settlementId = MyobCreditNoteMapper.Allocations(settlements.Value!)
                .FirstOrDefault(a => a.Amount == allocation.Amount && string.Equals(a.InvoiceNumber, allocation.InvoiceNumber, StringComparison.OrdinalIgnoreCase))?.AllocationId;
            if (settlementId is null)
            {
                return LedgerResult<LedgerAllocation>.Ok(allocation); // nothing of ours left on the credit
            }
        }

        var failure = await client.DeleteAsync(connection, MyobCreditNoteMapper.SettlementRoute(note.Kind), settlementId, cancellationToken);
        return failure is null or { Kind: LedgerFailureKind.NotFound } // 404 by UID: that settlement no longer exists
            ? LedgerResult<LedgerAllocation>.Ok(allocation with { AllocationId = settlementId })
            : failure.Kind == LedgerFailureKind.PeriodLocked
                ? failure with { Message = $"{failure.Message} The settlement is dated in the locked period; MYOB will not remove it until the period is opened." }
                : failure;
    }

    /// <summary>
    /// Pays the credit out through Sale/CreditRefund (contract §4; M3: Amount ≤ the credit), from <see cref="MyobOptions.RefundAccount"/>
    /// unless the request names a bank account. Exactly once: the write key is the refund's Memo, looked up before paying
    /// and after an unknown outcome. Receivable credits only (a supplier's refund is Purchase/DebitRefund, not wired).
    /// </summary>
    public async Task<LedgerResult<LedgerRefund>> RefundCreditAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (note.Kind != CreditNoteKind.Receivable)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "Cash refunds of supplier credits (Purchase/DebitRefund) are not supported for MYOB yet.");
        }

        var bank = refund.BankAccount ?? _options.RefundAccount;
        if (string.IsNullOrWhiteSpace(bank))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "No bank account to refund from: set Myob:RefundAccount (an account DisplayID).");
        }

        var previous = await RefundByMemoAsync(connection, key, cancellationToken);
        if (!previous.Succeeded || previous.Value is not null)
        {
            return previous.Succeeded ? LedgerResult<LedgerRefund>.Ok(previous.Value!) : previous.Failure!;
        }

        var accounts = await references.AccountsAsync(connection, cancellationToken);
        if (!accounts.Succeeded)
        {
            return accounts.Failure!;
        }

        if (!accounts.Value!.TryGetValue(bank, out var account))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Bank account {bank} is not in the MYOB company file.");
        }

        var card = await cards.ResolveAsync(connection, note.Kind, note.Contact, cancellationToken);
        if (!card.Succeeded)
        {
            return card.Failure!;
        }

        var created = await client.CreateAsync<MyobCreditRefund>(
            connection,
            "Sale/CreditRefund",
            new MyobCreditRefund
            {
                Account = MyobLink.To(account.Uid),
                Invoice = MyobLink.To(ledgerDocumentId),
                Customer = MyobLink.To(card.Value!),
                Date = MyobJson.FormatDate(refund.Date),
                Amount = refund.Amount,
                Memo = key.Value,
            },
            cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<LedgerRefund>.Ok(new LedgerRefund(created.Value!.Value?.UID ?? MyobReply<MyobCreditRefund>.UidFrom(created.Value.Location) ?? "", refund.Amount, refund.Date));
        }

        var failure = created.Failure!;
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            return await WithFirstOpenDayAsync(connection, refund.Date, failure, cancellationToken);
        }

        if (!IsUnknownOutcome(failure))
        {
            return failure;
        }

        var after = await RefundByMemoAsync(connection, key, cancellationToken);
        return after is { Succeeded: true, Value: { } landed } ? LedgerResult<LedgerRefund>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
    }

    private async Task<LedgerResult<LedgerRefund?>> RefundByMemoAsync(LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobCreditRefund>(connection, "Sale/CreditRefund", $"Memo eq {MyobJson.Quote(key.Value)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        return LedgerResult<LedgerRefund?>.Ok(found.Value!.FirstOrDefault(r => r.Memo == key.Value) is { UID: { } uid } refund
            ? new LedgerRefund(uid, refund.Amount, MyobJson.ParseDate(refund.Date) ?? default)
            : null);
    }

    private async Task<LedgerResult<MyobSale>> ToWireAsync(LedgerConnection connection, CreditNote note, string? uid, string? rowVersion, CancellationToken cancellationToken, string? staleCard = null)
    {
        var card = await cards.ResolveAsync(connection, note.Kind, note.Contact, cancellationToken, staleCard);
        if (!card.Succeeded)
        {
            return card.Failure!;
        }

        var accounts = await references.AccountsAsync(connection, cancellationToken);
        if (!accounts.Succeeded)
        {
            return accounts.Failure!;
        }

        var taxCodes = await references.TaxCodesAsync(connection, cancellationToken);
        if (!taxCodes.Succeeded)
        {
            return taxCodes.Failure!;
        }

        return MyobCreditNoteMapper.ToWire(note, card.Value!, accounts.Value!, taxCodes.Value!, _options, uid, rowVersion);
    }

    /// <summary>The sale (bill) numbered like the note: ours (by memo) when there is one, else the first with the number.</summary>
    private async Task<LedgerResult<MyobSale?>> FindWireAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobSale>(connection, MyobCreditNoteMapper.DocumentRoute(note.Kind), $"Number eq {MyobJson.Quote(note.Number)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var candidates = found.Value!.Where(s => string.Equals(s.Number, note.Number, StringComparison.OrdinalIgnoreCase)).ToList();
        return LedgerResult<MyobSale?>.Ok(candidates.FirstOrDefault(s => MyobCreditNoteMapper.IsSameDocument(s, note)) ?? candidates.FirstOrDefault());
    }

    private Task<LedgerResult<List<MyobSettlement>>> SettlementsAsync(LedgerConnection connection, CreditNoteKind kind, string creditUid, CancellationToken cancellationToken) =>
        client.ListAsync<MyobSettlement>(
            connection,
            MyobCreditNoteMapper.SettlementRoute(kind),
            $"{(kind == CreditNoteKind.Receivable ? "CreditFromInvoice" : "DebitFromBill")}/UID eq guid'{creditUid}'",
            cancellationToken);

    private LedgerResult<LedgerDocument> AlreadyThere(LedgerConnection connection, CreditNote note, MyobSale found)
    {
        if (!MyobCreditNoteMapper.IsSameDocument(found, note))
        {
            return new LedgerFailure(
                LedgerFailureKind.Validation,
                $"MYOB already has a document numbered {note.Number} that this service did not post (its memo is not ours); an operator must decide.");
        }

        LogAlreadyInLedger(logger, note.Id, connection.ConnectionId, found.UID ?? "");
        return LedgerResult<LedgerDocument>.Ok(MyobCreditNoteMapper.ToDocument(found, []));
    }

    private async Task<LedgerFailure> WithFirstOpenDayAsync(LedgerConnection connection, DateOnly date, LedgerFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Kind != LedgerFailureKind.PeriodLocked)
        {
            return failure;
        }

        var firstOpen = await references.FirstOpenDayAsync(connection, date, cancellationToken);
        return firstOpen is null
            ? failure
            : failure with { FirstOpenDay = firstOpen, Message = $"{failure.Message} First open day: {firstOpen.Value:yyyy-MM-dd}." };
    }

    /// <summary>A lost answer, or a 5xx that may follow a commit (contract §10: 504 GatewayTimeout).</summary>
    private static bool IsUnknownOutcome(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Ambiguous || failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 };

    /// <summary>Contract §10 (SDK issue #279): 400 CustomerNotFound for an unknown Customer UID.</summary>
    private static bool IsCardNotFound(LedgerFailure? failure) =>
        failure is { Kind: LedgerFailureKind.Validation } && failure.Message.Contains("(CustomerNotFound)", StringComparison.Ordinal);

    private static string? CardOf(MyobSale sale) => (sale.Customer ?? sale.Supplier)?.UID;

    [LoggerMessage(EventId = 4221, Level = LogLevel.Information, Message = "Credit note {DocumentId} already in MYOB for connection {ConnectionId} as {Uid}; no second document")]
    private static partial void LogAlreadyInLedger(ILogger logger, string documentId, string connectionId, string uid);

    [LoggerMessage(EventId = 4222, Level = LogLevel.Information, Message = "Credit note {DocumentId}: invoice {InvoiceNumber} not in MYOB yet for connection {ConnectionId}")]
    private static partial void LogInvoiceNotInLedger(ILogger logger, string documentId, string connectionId, string invoiceNumber);
}
