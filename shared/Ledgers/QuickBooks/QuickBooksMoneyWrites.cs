namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The exactly-once writes the money flows are made of (docs/quickbooks.md "Money flows"): each looks for what it made
/// under its marker before posting (<see cref="QuickBooksMoneyMarkers"/>), posts with a requestid derived from the
/// workflow's key (Q5: a repeat gets the original answer), and after an unknown outcome reads back instead of guessing.
/// A Payment change re-reads the Payment's SyncToken and, when someone changed it in between (5010, Q7), tries once more
/// under its own requestid.
/// </summary>
internal sealed class QuickBooksMoneyWrites(QuickBooksClient client, QuickBooksBookClose bookClose)
{
    public const string PaymentEntity = "payment";
    public const string JournalEntity = "journalentry";
    public const string CreditMemoEntity = "creditmemo";

    public async Task<LedgerResult<QboPayment?>> FindPaymentAsync(LedgerConnection connection, string marker, CancellationToken cancellationToken)
    {
        var found = await client.QueryAsync(connection, $"select * from Payment where PaymentRefNum = {QuickBooksJson.Quote(marker)}", cancellationToken);
        return found.Succeeded
            ? LedgerResult<QboPayment?>.Ok((found.Value!.QueryResponse?.Payment ?? []).FirstOrDefault(p => p.PaymentRefNum == marker))
            : found.Failure!;
    }

    /// <summary>A new Payment whose PaymentRefNum is its marker, once.</summary>
    public async Task<LedgerResult<QboPayment>> PostPaymentAsync(LedgerConnection connection, QboPayment payment, string requestId, DateOnly date, CancellationToken cancellationToken)
    {
        var marker = payment.PaymentRefNum!;
        var before = await FindPaymentAsync(connection, marker, cancellationToken);
        if (!before.Succeeded || before.Value is not null)
        {
            return before.Succeeded ? LedgerResult<QboPayment>.Ok(before.Value!) : before.Failure!;
        }

        var response = await client.WriteAsync(connection, PaymentEntity, payment, requestId, null, cancellationToken);
        if (response.Succeeded && response.Value!.Payment is { Id.Length: > 0 } created)
        {
            return LedgerResult<QboPayment>.Ok(created);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the payment.");
        if (IsUnknownOutcome(failure))
        {
            var after = await FindPaymentAsync(connection, marker, cancellationToken);
            return after is { Succeeded: true, Value: { } landed } ? LedgerResult<QboPayment>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
        }

        return await bookClose.WithFirstOpenDayAsync(connection, date, failure, cancellationToken);
    }

    public async Task<LedgerResult<QboJournalEntry?>> FindJournalAsync(LedgerConnection connection, string docNumber, CancellationToken cancellationToken)
    {
        var found = await client.QueryAsync(connection, $"select * from JournalEntry where DocNumber = {QuickBooksJson.Quote(docNumber)}", cancellationToken);
        return found.Succeeded
            ? LedgerResult<QboJournalEntry?>.Ok((found.Value!.QueryResponse?.JournalEntry ?? []).FirstOrDefault(e => e.DocNumber == docNumber))
            : found.Failure!;
    }

    /// <summary>A JournalEntry whose DocNumber is its marker, once.</summary>
    public async Task<LedgerResult<QboJournalEntry>> PostJournalAsync(LedgerConnection connection, QboJournalEntry entry, string requestId, DateOnly date, CancellationToken cancellationToken)
    {
        var before = await FindJournalAsync(connection, entry.DocNumber!, cancellationToken);
        if (!before.Succeeded || before.Value is not null)
        {
            return before.Succeeded ? LedgerResult<QboJournalEntry>.Ok(before.Value!) : before.Failure!;
        }

        var response = await client.WriteAsync(connection, JournalEntity, entry, requestId, null, cancellationToken);
        if (response.Succeeded && response.Value!.JournalEntry is { Id.Length: > 0 } created)
        {
            return LedgerResult<QboJournalEntry>.Ok(created);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the journal entry.");
        if (IsUnknownOutcome(failure))
        {
            var after = await FindJournalAsync(connection, entry.DocNumber!, cancellationToken);
            return after is { Succeeded: true, Value: { } landed } ? LedgerResult<QboJournalEntry>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
        }

        return await bookClose.WithFirstOpenDayAsync(connection, date, failure, cancellationToken);
    }

    /// <summary>A CreditMemo whose DocNumber is its marker, once (the Ordway write-off).</summary>
    public async Task<LedgerResult<QboCreditMemo>> PostCreditMemoAsync(LedgerConnection connection, QboCreditMemo memo, string requestId, DateOnly date, CancellationToken cancellationToken)
    {
        async Task<LedgerResult<QboCreditMemo?>> FindAsync()
        {
            var found = await client.QueryAsync(connection, $"select * from CreditMemo where DocNumber = {QuickBooksJson.Quote(memo.DocNumber!)}", cancellationToken);
            return found.Succeeded
                ? LedgerResult<QboCreditMemo?>.Ok((found.Value!.QueryResponse?.CreditMemo ?? []).FirstOrDefault(m => m.DocNumber == memo.DocNumber))
                : found.Failure!;
        }

        var before = await FindAsync();
        if (!before.Succeeded || before.Value is not null)
        {
            return before.Succeeded ? LedgerResult<QboCreditMemo>.Ok(before.Value!) : before.Failure!;
        }

        var response = await client.WriteAsync(connection, CreditMemoEntity, memo, requestId, null, cancellationToken);
        if (response.Succeeded && response.Value!.CreditMemo is { Id.Length: > 0 } created)
        {
            return LedgerResult<QboCreditMemo>.Ok(created);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the credit memo.");
        if (IsUnknownOutcome(failure))
        {
            var after = await FindAsync();
            return after is { Succeeded: true, Value: { } landed } ? LedgerResult<QboCreditMemo>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
        }

        return await bookClose.WithFirstOpenDayAsync(connection, date, failure, cancellationToken);
    }

    /// <summary>
    /// Changes an existing Payment's lines once (Q3: a sparse update with its SyncToken replaces every line), tagging its
    /// PrivateNote with <paramref name="marker"/> in the same update. A Payment already tagged is returned as it is.
    /// </summary>
    public async Task<LedgerResult<QboPayment>> ChangePaymentAsync(
        LedgerConnection connection, string paymentId, string marker, Func<QboPayment, LedgerResult<List<QboLine>>> change, LedgerWriteKey key, string step, CancellationToken cancellationToken)
    {
        LedgerFailure? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var read = await client.ReadAsync(connection, PaymentEntity, paymentId, cancellationToken);
            if (!read.Succeeded)
            {
                return read.Failure!;
            }

            if (read.Value!.Payment is not { } current)
            {
                return new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the payment.");
            }

            if (QuickBooksMoneyMarkers.NoteHas(current.PrivateNote, marker))
            {
                return LedgerResult<QboPayment>.Ok(current);
            }

            if (last is not null && !IsStale(last))
            {
                // The update's outcome was unknown and the Payment does not carry the tag: it did not land.
                return last with { Kind = LedgerFailureKind.Ambiguous };
            }

            var lines = change(current);
            if (!lines.Succeeded)
            {
                return lines.Failure!;
            }

            var update = new QboPayment
            {
                Id = current.Id,
                SyncToken = current.SyncToken ?? "0",
                Sparse = true,
                Line = lines.Value,
                PrivateNote = QuickBooksMoneyMarkers.AppendTag(current.PrivateNote, marker),
            };
            var response = await client.WriteAsync(connection, PaymentEntity, update, QuickBooksRequestId.Retry(key, attempt == 0 ? step : $"{step}{attempt}"), null, cancellationToken);
            if (response.Succeeded && response.Value!.Payment is { Id.Length: > 0 } changed)
            {
                return LedgerResult<QboPayment>.Ok(changed);
            }

            last = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the payment.");
            if (!IsStale(last) && !IsUnknownOutcome(last))
            {
                return await bookClose.WithFirstOpenDayAsync(connection, QuickBooksJson.ParseDate(current.TxnDate) ?? default, last, cancellationToken);
            }
        }

        return last!;
    }

    public static bool IsUnknownOutcome(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Ambiguous || failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 };

    private static bool IsStale(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Validation && failure.Message.Contains($"(code {QuickBooksErrorClassifier.StaleObjectCode})", StringComparison.Ordinal)
        && failure.Message.Contains("Stale Object", StringComparison.OrdinalIgnoreCase);
}
