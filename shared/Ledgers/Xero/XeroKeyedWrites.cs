namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// The money flows' writes, each exactly once under its key: look for what the key made (<see cref="XeroMoneyMarker"/>),
/// write only when nothing is there, with the key as Idempotency-Key (X13), and after a lost answer (Ambiguous) look
/// again before giving the failure back, so the workflow's retry never posts blind.
/// </summary>
internal sealed class XeroKeyedWrites(XeroClient client)
{
    private static readonly string[] Dead = ["DELETED", "VOIDED"];

    /// <summary>A payment on the document <paramref name="target"/> names (a where clause such as <c>Invoice.InvoiceID==Guid("…")</c>).</summary>
    public Task<LedgerResult<XeroPayment>> PayAsync(LedgerConnection connection, XeroPayment payment, string target, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            () => FindPaymentAsync(connection, target, key, cancellationToken),
            async () => Single(await client.CreatePaymentAsync(connection, payment, XeroIdempotencyKey.From(key), cancellationToken), r => r.Payments, p => p.PaymentID, p => p.ValidationErrors));

    /// <summary>The live payment made under <paramref name="key"/> on the target, if any.</summary>
    public async Task<LedgerResult<XeroPayment?>> FindPaymentAsync(LedgerConnection connection, string target, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var found = await client.FindPaymentsAsync(connection, XeroClient.Where(target, XeroClient.Equal("Status", "AUTHORISED")), cancellationToken);
        return found.Succeeded
            ? LedgerResult<XeroPayment?>.Ok(found.Value!.Payments.FirstOrDefault(p => p.Status != "DELETED" && XeroMoneyMarker.IsUnder(p.Reference, key)))
            : found.Failure!;
    }

    /// <summary>A bank transaction (RECEIVE, SPEND or an overpayment) for the contact, its Reference carrying the key's marker.</summary>
    public Task<LedgerResult<XeroBankTransaction>> BankTransactionAsync(LedgerConnection connection, XeroBankTransaction transaction, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            async () =>
            {
                var where = XeroClient.Where(XeroClient.EqualGuid("Contact.ContactID", transaction.Contact!.ContactID!), XeroClient.Equal("Type", transaction.Type!));
                var found = await client.FindBankTransactionsAsync(connection, where, cancellationToken);
                return found.Succeeded
                    ? LedgerResult<XeroBankTransaction?>.Ok(found.Value!.BankTransactions.FirstOrDefault(t => !Dead.Contains(t.Status) && XeroMoneyMarker.IsUnder(t.Reference, key)))
                    : found.Failure!;
            },
            async () => Single(await client.CreateBankTransactionAsync(connection, transaction, XeroIdempotencyKey.From(key), cancellationToken), r => r.BankTransactions, t => t.BankTransactionID, t => t.ValidationErrors));

    /// <summary>An AUTHORISED credit note numbered <see cref="XeroMoneyMarker.Number"/> of the key.</summary>
    public Task<LedgerResult<XeroCreditNote>> CreditNoteAsync(LedgerConnection connection, XeroCreditNote note, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            () => FindCreditNoteAsync(connection, note.CreditNoteNumber!, note.Type, cancellationToken),
            async () => Single(await client.CreateCreditNotesAsync(connection, [note], XeroIdempotencyKey.From(key), cancellationToken), r => r.CreditNotes, c => c.CreditNoteID, c => c.ValidationErrors));

    public async Task<LedgerResult<XeroCreditNote?>> FindCreditNoteAsync(LedgerConnection connection, string number, string? type, CancellationToken cancellationToken)
    {
        var found = await client.FindCreditNotesAsync(connection, number, type, cancellationToken);
        return found.Succeeded
            ? LedgerResult<XeroCreditNote?>.Ok(found.Value!.CreditNotes.FirstOrDefault(c => c.CreditNoteNumber == number && !Dead.Contains(c.Status)))
            : found.Failure!;
    }

    /// <summary>An AUTHORISED invoice numbered <see cref="XeroMoneyMarker.Number"/> of the key.</summary>
    public Task<LedgerResult<XeroInvoice>> InvoiceAsync(LedgerConnection connection, XeroInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            async () =>
            {
                var found = await client.FindInvoicesAsync(connection, invoice.InvoiceNumber!, cancellationToken);
                return found.Succeeded
                    ? LedgerResult<XeroInvoice?>.Ok(found.Value!.Invoices.FirstOrDefault(i => i.InvoiceNumber == invoice.InvoiceNumber && !Dead.Contains(i.Status)))
                    : found.Failure!;
            },
            async () => Single(await client.CreateInvoiceAsync(connection, invoice, XeroIdempotencyKey.From(key), cancellationToken), r => r.Invoices, i => i.InvoiceID, i => i.ValidationErrors));

    /// <summary>
    /// Allocates an overpayment to an invoice. An allocation has no reference field, so the look-before matches a live
    /// allocation of the same invoice, amount and date on the overpayment; a flow allocates each of its overpayments to an
    /// invoice once per key, so no second allocation of ours can be mistaken for it.
    /// </summary>
    public Task<LedgerResult<XeroAllocation>> AllocateOverpaymentAsync(LedgerConnection connection, string overpaymentId, XeroAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            async () =>
            {
                var found = await client.GetOverpaymentAsync(connection, overpaymentId, cancellationToken);
                return found.Succeeded
                    ? LedgerResult<XeroAllocation?>.Ok((found.Value!.Overpayments.FirstOrDefault()?.Allocations ?? []).FirstOrDefault(a => SameAllocation(a, allocation)))
                    : found.Failure!;
            },
            async () => Single(await client.AllocateOverpaymentAsync(connection, overpaymentId, allocation, XeroIdempotencyKey.From(key), cancellationToken), r => r.Allocations, a => a.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.ValidationErrors));

    /// <summary>Allocates a credit note of ours (found by its number) to an invoice; the look-before reads the note's allocations.</summary>
    public Task<LedgerResult<XeroAllocation>> AllocateCreditNoteAsync(LedgerConnection connection, XeroCreditNote note, XeroAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken) =>
        ExactlyOnceAsync(
            async () =>
            {
                var found = await FindCreditNoteAsync(connection, note.CreditNoteNumber!, note.Type, cancellationToken);
                return found.Succeeded
                    ? LedgerResult<XeroAllocation?>.Ok((found.Value?.Allocations ?? []).FirstOrDefault(a => SameAllocation(a, allocation)))
                    : found.Failure!;
            },
            async () => Single(await client.AllocateAsync(connection, note.CreditNoteID!, allocation, XeroIdempotencyKey.From(key), cancellationToken), r => r.Allocations, a => a.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.ValidationErrors));

    private static bool SameAllocation(XeroAllocation found, XeroAllocation wanted) =>
        found.IsDeleted != true
        && found.Amount == wanted.Amount
        && string.Equals(found.Invoice?.InvoiceID, wanted.Invoice?.InvoiceID, StringComparison.OrdinalIgnoreCase)
        && XeroJson.ParseDate(found.Date) == XeroJson.ParseDate(wanted.Date);

    private static async Task<LedgerResult<T>> ExactlyOnceAsync<T>(Func<Task<LedgerResult<T?>>> find, Func<Task<LedgerResult<T>>> write)
        where T : class
    {
        var before = await find();
        if (!before.Succeeded)
        {
            return before.Failure!;
        }

        if (before.Value is { } existing)
        {
            return LedgerResult<T>.Ok(existing);
        }

        var written = await write();
        if (written.Succeeded || written.Failure!.Kind != LedgerFailureKind.Ambiguous)
        {
            return written;
        }

        // The answer was lost: the write may have landed. Only a read tells; a retry of the activity looks again.
        var after = await find();
        return after.Succeeded && after.Value is { } landed ? LedgerResult<T>.Ok(landed) : written;
    }

    private static LedgerResult<TItem> Single<TEnvelope, TItem>(
        LedgerResult<TEnvelope> response, Func<TEnvelope, List<TItem>> items, Func<TItem, string?> id, Func<TItem, List<XeroValidationError>?> errors)
        where TEnvelope : class
        where TItem : class
    {
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        if (items(response.Value!).FirstOrDefault() is not { } item)
        {
            return new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero's answer did not list the document.");
        }

        var messages = XeroCreditNoteMapper.Errors(errors(item));
        if (messages.Count > 0)
        {
            return XeroErrorClassifier.FromMessages(messages, 200, null);
        }

        return string.IsNullOrEmpty(id(item))
            ? new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero's answer did not carry the document's id.")
            : LedgerResult<TItem>.Ok(item);
    }
}
