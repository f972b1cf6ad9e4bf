using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Documents;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// A cash refund of (part of) a CreditMemo's credit (docs/quickbooks.md "Cash refund of a credit"). A RefundReceipt
/// cannot consume an existing memo's credit — the schema has no link from one to a CreditMemo (contract §6) — so posting
/// one would credit the customer twice. What consumes it is the pattern QBO itself uses for a refund cheque: money out
/// of the bank against Accounts Receivable for the customer, then a zero-amount Payment that pays that AR charge with the
/// memo's credit. Through the API: a <b>JournalEntry</b> (Debit AR with the customer as Entity, Credit the bank; Q4) and
/// a <b>Payment of TotalAmt 0</b> with one line linked to the JournalEntry and one to the CreditMemo (Q2; Ordway's refund
/// flow applies a Payment to a JournalEntry the same way, Q3/Q4).
/// <para>
/// Exactly once: each write carries a requestid derived from the workflow's key (Q5), and the JournalEntry's DocNumber
/// is derived from the key too, so the refund is found again by one query — before anything is posted (a repeat
/// posts nothing) and after any unknown outcome (a lost answer is read back, not guessed).
/// </para>
/// </summary>
internal sealed class QuickBooksCreditRefunds(QuickBooksClient client, QuickBooksBookClose bookClose, IOptions<QuickBooksOptions> options)
{
    private const string JournalEntity = "journalentry";
    private const string PaymentEntity = "payment";
    private const int DocNumberLength = 21; // F L4785

    private readonly QuickBooksOptions _options = options.Value;

    /// <summary>The JournalEntry's DocNumber for the refund under <paramref name="key"/>: "RF" and 19 hex digits of the key's hash.</summary>
    public static string DocNumber(LedgerWriteKey key) =>
        "RF" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)))[..(DocNumberLength - 2)];

    public async Task<LedgerResult<LedgerRefund>> RefundAsync(LedgerConnection connection, string memoId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (note.Kind != CreditNoteKind.Receivable)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "QuickBooks connections take receivable credit notes only; there is no supplier credit to refund.");
        }

        if (refund.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A refund must be more than zero (was {refund.Amount.ToString("0.00", CultureInfo.InvariantCulture)}).");
        }

        var bank = refund.BankAccount ?? _options.RefundFromAccountId;
        if (string.IsNullOrWhiteSpace(bank) || string.IsNullOrWhiteSpace(_options.ReceivableAccountId))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "No accounts to refund through: set QuickBooks:RefundFromAccountId (the bank account's Id) and QuickBooks:ReceivableAccountId (Accounts Receivable's Id).");
        }

        var read = await client.ReadAsync(connection, QuickBooksCreditMemoMapper.Entity, memoId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure!.Kind == LedgerFailureKind.NotFound
                ? new LedgerFailure(LedgerFailureKind.Validation, $"Credit memo {note.Number} is not in QuickBooks as {memoId}; nothing to refund.")
                : read.Failure!;
        }

        if (read.Value!.CreditMemo is not { CustomerRef.Value: { Length: > 0 } customerId } memo)
        {
            return new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the credit memo.");
        }

        var docNumber = DocNumber(key);
        var previous = await FindAsync(connection, memo, docNumber, cancellationToken);
        if (!previous.Succeeded)
        {
            return previous.Failure!;
        }

        var (entry, applied) = previous.Value;
        if (entry is not null && applied)
        {
            return Refunded(entry, refund);
        }

        if (entry is null)
        {
            var remaining = memo.RemainingCredit ?? memo.Balance ?? 0m;
            if (refund.Amount > remaining)
            {
                return new LedgerFailure(
                    LedgerFailureKind.Validation,
                    $"A refund of {Money(refund.Amount)} is more than the {Money(remaining)} of credit memo {note.Number} not yet applied or refunded; nothing was posted.");
            }

            var posted = await PostEntryAsync(connection, memo, customerId, bank, docNumber, note, refund, key, cancellationToken);
            if (!posted.Succeeded)
            {
                return posted.Failure!;
            }

            entry = posted.Value!;
        }

        return await ApplyAsync(connection, memo, customerId, entry, docNumber, note, refund, key, cancellationToken);
    }

    /// <summary>Debit AR for the customer, Credit the bank: the cash leaves, the customer's AR is charged by the refund.</summary>
    private async Task<LedgerResult<QboJournalEntry>> PostEntryAsync(
        LedgerConnection connection, QboCreditMemo memo, string customerId, string bank, string docNumber, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var entry = new QboJournalEntry
        {
            DocNumber = docNumber,
            TxnDate = QuickBooksJson.FormatDate(refund.Date),
            PrivateNote = refund.Memo ?? $"Cash refund of credit memo {note.Number}",
            Line =
            [
                JournalLine("Debit", _options.ReceivableAccountId!, refund.Amount, new QboJournalEntity { Type = "Customer", EntityRef = QboRef.To(customerId) }, $"Refund of credit memo {note.Number}"),
                JournalLine("Credit", bank, refund.Amount, null, $"Refund of credit memo {note.Number}"),
            ],
        };
        var response = await client.WriteAsync(connection, JournalEntity, entry, QuickBooksRequestId.Retry(key, "je"), null, cancellationToken);
        if (response.Succeeded && response.Value!.JournalEntry is { Id.Length: > 0 } created)
        {
            return LedgerResult<QboJournalEntry>.Ok(created);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the journal entry.");
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            return await bookClose.WithFirstOpenDayAsync(connection, refund.Date, failure, cancellationToken);
        }

        if (!IsUnknownOutcome(failure))
        {
            return failure;
        }

        // The answer is lost or QBO failed after maybe committing: look before anyone posts again.
        var after = await FindAsync(connection, memo, docNumber, cancellationToken);
        return after is { Succeeded: true, Value.Entry: { } landed } ? LedgerResult<QboJournalEntry>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
    }

    /// <summary>
    /// The zero-amount Payment that pays the entry's AR charge with the memo's credit (Q2). Refused (the credit was used
    /// meanwhile), the entry is deleted again so no cash leaves the books without consuming credit.
    /// </summary>
    private async Task<LedgerResult<LedgerRefund>> ApplyAsync(
        LedgerConnection connection, QboCreditMemo memo, string customerId, QboJournalEntry entry, string docNumber, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var payment = new QboPayment
        {
            CustomerRef = QboRef.To(customerId),
            TotalAmt = 0m,
            TxnDate = QuickBooksJson.FormatDate(refund.Date),
            PrivateNote = $"Credit memo {note.Number} paid out by refund {docNumber}",
            Line =
            [
                new QboLine { Amount = refund.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = entry.Id, TxnType = "JournalEntry" }] },
                new QboLine { Amount = refund.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = memo.Id, TxnType = "CreditMemo" }] },
            ],
        };
        var response = await client.WriteAsync(connection, PaymentEntity, payment, QuickBooksRequestId.Retry(key, "apply"), null, cancellationToken);
        if (response.Succeeded && response.Value!.Payment is { Id.Length: > 0 })
        {
            return Refunded(entry, refund);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the payment.");
        if (IsUnknownOutcome(failure))
        {
            var after = await FindAsync(connection, memo, docNumber, cancellationToken);
            return after is { Succeeded: true, Value.Applied: true } ? Refunded(entry, refund) : failure with { Kind = LedgerFailureKind.Ambiguous };
        }

        if (failure.Kind != LedgerFailureKind.Validation)
        {
            return failure.Kind == LedgerFailureKind.PeriodLocked ? await bookClose.WithFirstOpenDayAsync(connection, refund.Date, failure, cancellationToken) : failure;
        }

        var removed = await client.WriteAsync(connection, JournalEntity, new QboEntityStub { Id = entry.Id, SyncToken = entry.SyncToken ?? "0" }, QuickBooksRequestId.Retry(key, "undo"), "delete", cancellationToken);
        var undone = removed.Succeeded
            ? $"Journal entry {entry.Id} ({docNumber}) was deleted again; nothing was refunded."
            : $"Journal entry {entry.Id} ({docNumber}) is left unapplied and must be deleted by hand ({removed.Failure!.Message}).";
        return failure with { Message = $"QuickBooks refused to pay the refund with credit memo {note.Number}: {failure.Message} {undone}" };
    }

    /// <summary>
    /// The refund made under this key: its JournalEntry (by DocNumber) and whether a Payment applying the memo also pays
    /// that entry (the memo's header LinkedTxn lists the Payments that apply it, as for allocations).
    /// </summary>
    private async Task<LedgerResult<(QboJournalEntry? Entry, bool Applied)>> FindAsync(LedgerConnection connection, QboCreditMemo memo, string docNumber, CancellationToken cancellationToken)
    {
        var entries = await client.QueryAsync(connection, $"select * from JournalEntry where DocNumber = {QuickBooksJson.Quote(docNumber)}", cancellationToken);
        if (!entries.Succeeded)
        {
            return entries.Failure!;
        }

        var entry = (entries.Value!.QueryResponse?.JournalEntry ?? []).FirstOrDefault(e => e.DocNumber == docNumber);
        if (entry is null)
        {
            return LedgerResult<(QboJournalEntry?, bool)>.Ok((null, false));
        }

        var current = await client.ReadAsync(connection, QuickBooksCreditMemoMapper.Entity, memo.Id!, cancellationToken);
        if (!current.Succeeded)
        {
            return current.Failure!;
        }

        var paymentIds = (current.Value!.CreditMemo?.LinkedTxn ?? []).Where(l => l.TxnType == "Payment" && l.TxnId is { Length: > 0 }).Select(l => l.TxnId!).Distinct(StringComparer.Ordinal).ToList();
        if (paymentIds.Count == 0)
        {
            return LedgerResult<(QboJournalEntry?, bool)>.Ok((entry, false));
        }

        var payments = await client.QueryAsync(connection, $"select * from Payment where Id in ({string.Join(", ", paymentIds.Select(QuickBooksJson.Quote))})", cancellationToken);
        if (!payments.Succeeded)
        {
            return payments.Failure!;
        }

        var applied = (payments.Value!.QueryResponse?.Payment ?? []).Any(p => (p.Line ?? []).Any(l => (l.Amount ?? 0m) > 0m && (l.LinkedTxn ?? []).Any(t => t.TxnType == "JournalEntry" && t.TxnId == entry.Id)));
        return LedgerResult<(QboJournalEntry?, bool)>.Ok((entry, applied));
    }

    private static QboLine JournalLine(string posting, string account, decimal amount, QboJournalEntity? entity, string description) => new()
    {
        Description = description,
        Amount = amount,
        DetailType = "JournalEntryLineDetail",
        JournalEntryLineDetail = new QboJournalEntryLineDetail { PostingType = posting, AccountRef = QboRef.To(account), Entity = entity },
    };

    private static LedgerResult<LedgerRefund> Refunded(QboJournalEntry entry, CreditRefundRequest refund) =>
        LedgerResult<LedgerRefund>.Ok(new LedgerRefund(entry.Id!, entry.TotalAmt ?? refund.Amount, QuickBooksJson.ParseDate(entry.TxnDate) ?? refund.Date));

    private static bool IsUnknownOutcome(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Ambiguous || failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 };

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
