using CreditFunctions.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The QuickBooks Online adapter behind <see cref="ILedgerConnector"/> (ledger-apis.md A4): a credit note is a
/// CreditMemo (Q1); it is applied to an invoice by a zero-amount Payment whose lines link the Invoice and the CreditMemo
/// (Q2), and un-applied by deleting that Payment (Q3: removing the Payment's lines reopens the invoice). Exactly-once
/// rests on the workflow's durable key sent as <c>requestid</c> (Q5: a repeat gets the original response) and on
/// read-back by DocNumber after an ambiguous outcome (D2). Updates and deletes carry the entity's SyncToken; a stale
/// one (5010, Q7) is re-read and the write retried once, under a new requestid (the old one would replay the 5010).
/// </summary>
internal sealed partial class QuickBooksCreditMemosConnector(
    QuickBooksClient client,
    QuickBooksCustomerResolver customers,
    QuickBooksBookClose bookClose,
    QuickBooksRateGate gate,
    QuickBooksCreditRefunds refunds,
    IOptions<QuickBooksOptions> options,
    ILogger<QuickBooksCreditMemosConnector> logger) : ILedgerConnector
{
    private const string PaymentEntity = "payment";
    private readonly QuickBooksOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.QuickBooks;

    public LedgerCapabilities Capabilities => new(
        HasIdempotencyKey: true,
        CanUpdateApproved: true, // a CreditMemo is updated in place with its SyncToken (contract §10); applied ones are un-applied first
        MaxIdempotencyKeyLength: QuickBooksRequestId.MaxLength)
    {
        MaxCreateBatch = _options.BatchSize,
    };

    public async Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var memo = await ToWireAsync(connection, note, cancellationToken);
        if (!memo.Succeeded)
        {
            return memo.Failure!;
        }

        var response = await client.WriteAsync(connection, QuickBooksCreditMemoMapper.Entity, memo.Value!, QuickBooksRequestId.From(key), null, cancellationToken);
        return await CreatedAsync(connection, note, response.Succeeded ? response.Value!.CreditMemo : null, response.Failure, cancellationToken);
    }

    /// <summary>
    /// Creates several CreditMemos in POST /batch calls of up to BatchSize items (at most 30, contract §14). Each item
    /// succeeds or carries its own Fault (contract §10), so one bad document fails alone; items never depend on each other.
    /// </summary>
    public async Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(
        LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken)
    {
        var results = new LedgerResult<LedgerDocument>[items.Count];
        var ready = new List<(int Index, QboCreditMemo Wire)>();
        for (var i = 0; i < items.Count; i++)
        {
            var memo = await ToWireAsync(connection, items[i].Note, cancellationToken);
            if (memo.Succeeded)
            {
                ready.Add((i, memo.Value!));
            }
            else
            {
                results[i] = memo.Failure!;
            }
        }

        foreach (var chunk in ready.Chunk(Math.Clamp(_options.BatchSize, 1, 30)))
        {
            var request = new QboBatchRequest
            {
                BatchItemRequest = [.. chunk.Select((c, j) => new QboBatchItemRequest { BatchId = (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Operation = "create", CreditMemo = c.Wire })],
            };
            var response = await client.BatchAsync(connection, request, QuickBooksRequestId.ForBatch(chunk.Select(c => items[c.Index].Key)), cancellationToken);
            for (var j = 0; j < chunk.Length; j++)
            {
                var note = items[chunk[j].Index].Note;
                if (!response.Succeeded)
                {
                    results[chunk[j].Index] = await CreatedAsync(connection, note, null, response.Failure, cancellationToken);
                    continue;
                }

                var batchId = (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var item = response.Value!.BatchItemResponse?.FirstOrDefault(r => r.BatchId == batchId);
                var failure = item is null ? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's batch answer did not cover this credit memo.")
                    : item.Fault is { } fault ? QuickBooksErrorClassifier.FromFault(fault, 200, null)
                    : null;
                results[chunk[j].Index] = await CreatedAsync(connection, note, item?.CreditMemo, failure, cancellationToken);
            }
        }

        return results;
    }

    public Task WaitForCallSlotAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        gate.WaitUntilOpenAsync(connection.LedgerTenantId, cancellationToken);

    public async Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        var found = await FindMemoAsync(connection, note.Number, cancellationToken);
        if (!found.Succeeded || found.Value is null)
        {
            return found.Succeeded ? LedgerResult<LedgerDocument?>.Ok(null) : found.Failure!;
        }

        var allocations = await AllocationsAsync(connection, found.Value, cancellationToken);
        if (!allocations.Succeeded)
        {
            return allocations.Failure!;
        }

        var document = QuickBooksCreditMemoMapper.ToDocument(found.Value, note.Number, [.. allocations.Value!.Select(a => a.Allocation)])
            with { MatchesNote = QuickBooksCreditMemoMapper.HasContentOf(found.Value, note) };
        return LedgerResult<LedgerDocument?>.Ok(document);
    }

    public async Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var memo = await ToWireAsync(connection, note, cancellationToken);
        if (!memo.Succeeded)
        {
            return memo.Failure!;
        }

        // A full update: omitted writable fields are cleared (contract §10), and every field we own is sent.
        var response = await WithSyncTokenAsync(
            connection, QuickBooksCreditMemoMapper.Entity, ledgerDocumentId, key,
            (syncToken, requestId) => client.WriteAsync(connection, QuickBooksCreditMemoMapper.Entity, memo.Value! with { Id = ledgerDocumentId, SyncToken = syncToken }, requestId, null, cancellationToken),
            cancellationToken);
        if (!response.Succeeded)
        {
            return await bookClose.WithFirstOpenDayAsync(connection, note.Date, response.Failure!, cancellationToken);
        }

        return response.Value!.CreditMemo is { } updated
            ? LedgerResult<LedgerDocument>.Ok(QuickBooksCreditMemoMapper.ToDocument(updated, note.Number, []))
            : new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the credit memo.");
    }

    /// <summary>
    /// QBO has no void for a CreditMemo (the SDK voids only Invoice, SalesReceipt and Payment, contract §10): it is
    /// deleted with <c>operation=delete</c>. One already gone counts as voided.
    /// </summary>
    public async Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var response = await WithSyncTokenAsync(
            connection, QuickBooksCreditMemoMapper.Entity, ledgerDocumentId, key,
            (syncToken, requestId) => client.WriteAsync(connection, QuickBooksCreditMemoMapper.Entity, new QboEntityStub { Id = ledgerDocumentId, SyncToken = syncToken }, requestId, "delete", cancellationToken),
            cancellationToken);
        return response.Succeeded || response.Failure!.Kind == LedgerFailureKind.NotFound
            ? LedgerResult<LedgerDocument>.Ok(new LedgerDocument(ledgerDocumentId, "", "VOIDED", 0m, 0m, []))
            : response.Failure;
    }

    /// <summary>
    /// Q2: a Payment of TotalAmt 0 with one line linked to the Invoice and one to the CreditMemo, each of the amount
    /// applied (all or part of either), dated the allocation date; the customer is the invoice's.
    /// </summary>
    public async Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var invoices = await client.QueryAsync(connection, $"select * from Invoice where DocNumber = {QuickBooksJson.Quote(allocation.InvoiceNumber)}", cancellationToken);
        if (!invoices.Succeeded)
        {
            return invoices.Failure!;
        }

        var invoice = (invoices.Value!.QueryResponse?.Invoice ?? []).FirstOrDefault(i => i.DocNumber == allocation.InvoiceNumber);
        if (invoice?.Id is not { Length: > 0 } invoiceId || invoice.CustomerRef?.Value is not { Length: > 0 } customerId)
        {
            LogInvoiceNotInLedger(logger, note.Id, connection.ConnectionId, allocation.InvoiceNumber);
            return new LedgerFailure(LedgerFailureKind.NotFound, $"Invoice {allocation.InvoiceNumber} is not in QuickBooks yet.");
        }

        var payment = new QboPayment
        {
            CustomerRef = QboRef.To(customerId),
            TotalAmt = 0m,
            TxnDate = QuickBooksJson.FormatDate(allocation.Date),
            Line =
            [
                new QboLine { Amount = allocation.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = invoiceId, TxnType = "Invoice" }] },
                new QboLine { Amount = allocation.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = ledgerDocumentId, TxnType = "CreditMemo" }] },
            ],
        };
        var response = await client.WriteAsync(connection, PaymentEntity, payment, QuickBooksRequestId.From(key), null, cancellationToken);
        if (!response.Succeeded)
        {
            return await bookClose.WithFirstOpenDayAsync(connection, allocation.Date, response.Failure!, cancellationToken);
        }

        return response.Value!.Payment?.Id is { Length: > 0 } paymentId
            ? LedgerResult<LedgerAllocation>.Ok(new LedgerAllocation(paymentId, allocation.InvoiceNumber, allocation.Amount, allocation.Date))
            : new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the payment.");
    }

    /// <summary>
    /// Un-applies by deleting the zero-amount Payment that applied the credit (Q3: without its lines the invoice reopens;
    /// the Payment would be an empty shell, so it goes). Without the Payment's id it is found from the memo's links by
    /// invoice and amount. One already gone counts as removed.
    /// </summary>
    public async Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var paymentId = allocation.AllocationId;
        if (paymentId is null)
        {
            var found = await FindMemoAsync(connection, note.Number, cancellationToken);
            if (!found.Succeeded)
            {
                return found.Failure!;
            }

            if (found.Value is not { } memo || memo.Id != ledgerDocumentId)
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"Credit memo {note.Number} is no longer in QuickBooks as {ledgerDocumentId}; its payments cannot be changed.");
            }

            var applied = await AllocationsAsync(connection, memo, cancellationToken);
            if (!applied.Succeeded)
            {
                return applied.Failure!;
            }

            paymentId = applied.Value!.FirstOrDefault(a => a.Allocation.Amount == allocation.Amount && string.Equals(a.Allocation.InvoiceNumber, allocation.InvoiceNumber, StringComparison.OrdinalIgnoreCase)).Allocation?.AllocationId;
            if (paymentId is null)
            {
                return LedgerResult<LedgerAllocation>.Ok(allocation); // nothing of ours left on the memo
            }
        }

        var response = await WithSyncTokenAsync(
            connection, PaymentEntity, paymentId, key,
            (syncToken, requestId) => client.WriteAsync(connection, PaymentEntity, new QboEntityStub { Id = paymentId, SyncToken = syncToken }, requestId, "delete", cancellationToken),
            cancellationToken);
        return response.Succeeded || response.Failure!.Kind == LedgerFailureKind.NotFound
            ? LedgerResult<LedgerAllocation>.Ok(allocation with { AllocationId = paymentId })
            : response.Failure;
    }

    /// <summary>
    /// Pays (part of) the memo's credit out in cash: a JournalEntry (Debit AR for the customer, Credit the bank) paid by a
    /// zero-amount Payment with the memo's credit — not a RefundReceipt, which cannot consume a memo's credit (contract §6).
    /// See <see cref="QuickBooksCreditRefunds"/> and docs/quickbooks.md "Cash refund of a credit".
    /// </summary>
    public Task<LedgerResult<LedgerRefund>> RefundCreditAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken) =>
        refunds.RefundAsync(connection, ledgerDocumentId, note, refund, key, cancellationToken);

    private async Task<LedgerResult<QboCreditMemo>> ToWireAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
    {
        if (note.Kind != CreditNoteKind.Receivable)
        {
            // A CreditMemo is a customer credit (F L11477); a supplier's credit would be a VendorCredit, not served here.
            return new LedgerFailure(LedgerFailureKind.Validation, "QuickBooks connections take receivable credit notes only (CreditMemo); payable credits are not supported.");
        }

        if (note.Number.Length > 21)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Credit note number {note.Number} is longer than QuickBooks's 21-character DocNumber (contract §1).");
        }

        var customer = await customers.ResolveAsync(connection, note.Contact, cancellationToken);
        return customer.Succeeded ? LedgerResult<QboCreditMemo>.Ok(QuickBooksCreditMemoMapper.ToWire(note, customer.Value!, _options.ItemId)) : customer.Failure!;
    }

    private async Task<LedgerResult<LedgerDocument>> CreatedAsync(LedgerConnection connection, CreditNote note, QboCreditMemo? created, LedgerFailure? failure, CancellationToken cancellationToken)
    {
        if (failure is null && created?.Id is { Length: > 0 })
        {
            return LedgerResult<LedgerDocument>.Ok(QuickBooksCreditMemoMapper.ToDocument(created, note.Number, []));
        }

        failure ??= new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the credit memo.");
        return await bookClose.WithFirstOpenDayAsync(connection, note.Date, failure, cancellationToken);
    }

    /// <summary>
    /// Reads the entity's current SyncToken, writes, and on a stale token (5010, Q7: someone changed it in between)
    /// reads again and retries once under a derived requestid.
    /// </summary>
    private async Task<LedgerResult<QboEnvelope>> WithSyncTokenAsync(
        LedgerConnection connection, string entity, string id, LedgerWriteKey key, Func<string, string, Task<LedgerResult<QboEnvelope>>> write, CancellationToken cancellationToken)
    {
        LedgerResult<QboEnvelope> response = default;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var current = await client.ReadAsync(connection, entity, id, cancellationToken);
            if (!current.Succeeded)
            {
                return current.Failure!;
            }

            var syncToken = (entity == PaymentEntity ? current.Value!.Payment?.SyncToken : current.Value!.CreditMemo?.SyncToken) ?? "0";
            response = await write(syncToken, attempt == 0 ? QuickBooksRequestId.From(key) : QuickBooksRequestId.Retry(key, "stale1"));
            if (response.Succeeded || !IsStale(response.Failure!))
            {
                return response;
            }

            LogStale(logger, connection.ConnectionId, entity, id, attempt + 1);
        }

        return response;
    }

    private static bool IsStale(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Validation && failure.Message.Contains("Stale Object", StringComparison.OrdinalIgnoreCase)
        && failure.Message.Contains($"(code {QuickBooksErrorClassifier.StaleObjectCode})", StringComparison.Ordinal);

    private async Task<LedgerResult<QboCreditMemo?>> FindMemoAsync(LedgerConnection connection, string number, CancellationToken cancellationToken)
    {
        var response = await client.QueryAsync(connection, $"select * from CreditMemo where DocNumber = {QuickBooksJson.Quote(number)}", cancellationToken);
        return response.Succeeded
            ? LedgerResult<QboCreditMemo?>.Ok((response.Value!.QueryResponse?.CreditMemo ?? []).FirstOrDefault(m => m.DocNumber == number))
            : response.Failure!;
    }

    /// <summary>
    /// The Payments applying <paramref name="memo"/>: the memo lists them in its header LinkedTxn (as an Invoice lists
    /// its Payments, F L4905); each Payment's memo line gives the amount and its invoice line the invoice, whose
    /// number comes from one query. Two queries however many payments (Id IN, contract §10 query language).
    /// </summary>
    private async Task<LedgerResult<IReadOnlyList<(LedgerAllocation Allocation, string InvoiceId)>>> AllocationsAsync(LedgerConnection connection, QboCreditMemo memo, CancellationToken cancellationToken)
    {
        var paymentIds = (memo.LinkedTxn ?? []).Where(l => l.TxnType == "Payment" && l.TxnId is { Length: > 0 }).Select(l => l.TxnId!).Distinct(StringComparer.Ordinal).ToList();
        if (paymentIds.Count == 0)
        {
            return LedgerResult<IReadOnlyList<(LedgerAllocation, string)>>.Ok([]);
        }

        var payments = await client.QueryAsync(connection, $"select * from Payment where Id in ({string.Join(", ", paymentIds.Select(QuickBooksJson.Quote))})", cancellationToken);
        if (!payments.Succeeded)
        {
            return payments.Failure!;
        }

        var applied = new List<(string PaymentId, DateOnly Date, string InvoiceId, decimal Amount)>();
        foreach (var payment in payments.Value!.QueryResponse?.Payment ?? [])
        {
            var lines = payment.Line ?? [];
            var memoAmount = lines.Where(l => Links(l, "CreditMemo", memo.Id)).Sum(l => l.Amount ?? 0m);
            var invoiceId = lines.SelectMany(l => l.LinkedTxn ?? []).FirstOrDefault(t => t.TxnType == "Invoice")?.TxnId;
            if (memoAmount > 0m && invoiceId is not null)
            {
                applied.Add((payment.Id!, QuickBooksJson.ParseDate(payment.TxnDate) ?? default, invoiceId, memoAmount));
            }
        }

        if (applied.Count == 0)
        {
            return LedgerResult<IReadOnlyList<(LedgerAllocation, string)>>.Ok([]);
        }

        var invoices = await client.QueryAsync(connection, $"select * from Invoice where Id in ({string.Join(", ", applied.Select(a => a.InvoiceId).Distinct(StringComparer.Ordinal).Select(QuickBooksJson.Quote))})", cancellationToken);
        if (!invoices.Succeeded)
        {
            return invoices.Failure!;
        }

        var numbers = (invoices.Value!.QueryResponse?.Invoice ?? []).Where(i => i.Id is not null).ToDictionary(i => i.Id!, i => i.DocNumber ?? "", StringComparer.Ordinal);
        return LedgerResult<IReadOnlyList<(LedgerAllocation, string)>>.Ok(
            [.. applied.Select(a => (new LedgerAllocation(a.PaymentId, numbers.GetValueOrDefault(a.InvoiceId, ""), a.Amount, a.Date), a.InvoiceId))]);
    }

    private static bool Links(QboLine line, string type, string? id) => (line.LinkedTxn ?? []).Any(t => t.TxnType == type && t.TxnId == id);

    [LoggerMessage(EventId = 4221, Level = LogLevel.Information, Message = "Credit note {DocumentId}: invoice {InvoiceNumber} not in QuickBooks yet for connection {ConnectionId}")]
    private static partial void LogInvoiceNotInLedger(ILogger logger, string documentId, string connectionId, string invoiceNumber);

    [LoggerMessage(EventId = 4222, Level = LogLevel.Information, Message = "QuickBooks {Entity} {Id} changed under us for connection {ConnectionId} (stale SyncToken, attempt {Attempt}); read again")]
    private static partial void LogStale(ILogger logger, string connectionId, string entity, string id, int attempt);
}
