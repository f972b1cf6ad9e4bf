using CreditFunctions.Payments;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The multi-document money flows on QBO, as Ordway documents them for QBO (ledger-apis.md Q2–Q4, §B "Ordway";
/// support.ordwaylabs.com/hc/en-us/articles/12861714284820):
/// <list type="bullet">
/// <item>Refund of a payment: a JournalEntry mirroring the refund (Debit AR with the customer as Entity, Credit the bank),
/// then — open period — the Payment taken off the invoice and applied to the JournalEntry ("the refunded Payment status
/// will update to 'Unapplied' and the Invoice status will update to 'Open'", Q3), or — closed period — the Payment left
/// applied; then an optional write-off CreditMemo applied by a zero-amount Payment.</item>
/// <item>Overpayment and customer credit: one Payment whose TotalAmt exceeds its invoice lines; the rest is its
/// UnappliedAmt, QBO's own customer credit (Q2, A4). Applied later by adding a line to that Payment, refunded by a
/// JournalEntry the Payment is then applied to (the same pattern).</item>
/// </list>
/// Each document has its own marker from the flow's key (<see cref="QuickBooksMoneyMarkers"/>), so a flow cut short
/// resumes where it stopped and a repeat writes nothing.
/// </summary>
internal sealed class QuickBooksMoneyPostings(
    QuickBooksMoneyWrites writes,
    QuickBooksClient client,
    QuickBooksCustomerResolver customers,
    QuickBooksBookClose bookClose,
    IOptions<QuickBooksOptions> options)
{
    private readonly QuickBooksOptions _options = options.Value;

    public async Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (refund.Amount <= 0m || refund.Amount > payment.Amount)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A refund of {Money(refund.Amount)} must be more than zero and at most the {Money(payment.Amount)} of payment {payment.LedgerPaymentId}; nothing was posted.");
        }

        if (Accounts(refund.BankAccountCode) is { } missing)
        {
            return missing;
        }

        if (invoice.ContactId is not { Length: > 0 } customerId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no customer in QuickBooks; a refund needs one.");
        }

        var date = await OpenDateAsync(connection, refund.Date, cancellationToken);
        var documents = new List<string>();
        var entry = await writes.PostJournalAsync(
            connection, Journal(QuickBooksMoneyMarkers.Of(key, "je"), date, customerId, refund.BankAccountCode, refund.Amount, Note($"Refund {refund.Id} of payment {payment.LedgerPaymentId} on invoice {invoice.Number}", refund.Reference)),
            QuickBooksRequestId.Retry(key, "je"), date, cancellationToken);
        if (!entry.Succeeded)
        {
            return entry.Failure!;
        }

        documents.Add($"JournalEntry {entry.Value!.Id}");
        if (!periodClosed)
        {
            var moved = await writes.ChangePaymentAsync(
                connection, payment.LedgerPaymentId, QuickBooksMoneyMarkers.Of(key, "move"), current => MoveToJournal(current, invoice, entry.Value.Id!, refund.Amount), key, "move", cancellationToken);
            if (!moved.Succeeded)
            {
                return moved.Failure! with { Message = $"{moved.Failure.Message} (journal entry {entry.Value.Id} is posted; the flow resumes from the payment)" };
            }

            documents.Add($"Payment {moved.Value!.Id}");
        }

        if (refund.WriteOff is { } writeOff)
        {
            // Open period: the invoice the refund reopened. Closed period: the payment stays on the invoice, so what the
            // refund left open is the journal's AR charge; the write-off credit is applied there.
            var target = periodClosed ? ("JournalEntry", entry.Value.Id!) : ("Invoice", invoice.LedgerInvoiceId);
            var written = await WriteOffAsync(connection, customerId, target, writeOff, date, refund, key, cancellationToken);
            if (!written.Succeeded)
            {
                return written.Failure!;
            }

            documents.AddRange(written.Value!);
        }

        return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(entry.Value.Id!, null, documents));
    }

    /// <summary>An overpayment (part applied to <paramref name="invoice"/>) or a customer credit (nothing applied): one Payment.</summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> PostUnappliedPaymentAsync(
        LedgerConnection connection, LedgerInvoice? invoice, MoneyDocument document, decimal applied, string? bankAccount, string? reference, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (document.Amount <= 0m || applied < 0m || applied > document.Amount)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"An amount of {Money(document.Amount)} with {Money(applied)} applied is not a payment QuickBooks can hold.");
        }

        if (applied > 0m && invoice is null)
        {
            return new LedgerFailure(LedgerFailureKind.NotFound, "The invoice the overpayment pays is not in QuickBooks yet.");
        }

        string customerId;
        if (invoice?.ContactId is { Length: > 0 } invoiceCustomer)
        {
            customerId = invoiceCustomer;
        }
        else
        {
            var resolved = await customers.ResolveAsync(connection, document.Contact, cancellationToken);
            if (!resolved.Succeeded)
            {
                return resolved.Failure!;
            }

            customerId = resolved.Value!;
        }

        var what = document is OverpaymentDocument ? "Overpayment" : "Customer credit";
        var payment = new QboPayment
        {
            CustomerRef = QboRef.To(customerId),
            TotalAmt = document.Amount,
            TxnDate = QuickBooksJson.FormatDate(document.Date),
            PaymentRefNum = QuickBooksMoneyMarkers.Of(key, "pay"),
            PrivateNote = Note($"{what} {document.Id}", reference),
            DepositToAccountRef = QuickBooksMoneyConnector.Account(bankAccount ?? _options.PaymentDepositAccountId),
            Line = applied > 0m ? [new QboLine { Amount = applied, LinkedTxn = [new QboLinkedTxn { TxnId = invoice!.LedgerInvoiceId, TxnType = "Invoice" }] }] : [],
        };
        var posted = await writes.PostPaymentAsync(connection, payment, QuickBooksRequestId.From(key), document.Date, cancellationToken);
        return posted.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(posted.Value!.Id!, posted.Value.Id, [$"Payment {posted.Value.Id}"]))
            : invoice is null ? posted.Failure! : QuickBooksMoneyConnector.InvoiceGone(posted.Failure!, invoice);
    }

    /// <summary>
    /// Applies part of the Payment's UnappliedAmt to an invoice: the Payment's line for that invoice grows (or a line is
    /// added) in one sparse update (Q3). QBO refuses more than the Payment has unapplied or the invoice has open.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (posted.CreditId is not { Length: > 0 } paymentId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "The credit has no QuickBooks payment to apply from.");
        }

        if (application.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"An application must be more than zero (was {Money(application.Amount)}).");
        }

        var changed = await writes.ChangePaymentAsync(
            connection, paymentId, QuickBooksMoneyMarkers.Of(key, "apply"),
            current => (current.UnappliedAmt ?? 0m) < application.Amount
                ? new LedgerFailure(LedgerFailureKind.Validation, $"Payment {paymentId} has {Money(current.UnappliedAmt ?? 0m)} unapplied; {Money(application.Amount)} cannot be applied to invoice {invoice.Number}. Nothing was changed.")
                : LedgerResult<List<QboLine>>.Ok(AddTo(current, "Invoice", invoice.LedgerInvoiceId, application.Amount)),
            key, "apply", cancellationToken);
        return changed.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paymentId, paymentId, [$"Payment {paymentId}"]))
            : QuickBooksMoneyConnector.InvoiceGone(changed.Failure!, invoice);
    }

    /// <summary>Pays out part of a Payment's UnappliedAmt: a JournalEntry (Debit AR for the customer, Credit the bank) the Payment is then applied to.</summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(LedgerConnection connection, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (posted.CreditId is not { Length: > 0 } paymentId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "The credit has no QuickBooks payment to refund from.");
        }

        if (refund.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A refund must be more than zero (was {Money(refund.Amount)}).");
        }

        if (Accounts(refund.BankAccountCode) is { } missing)
        {
            return missing;
        }

        var read = await client.ReadAsync(connection, QuickBooksMoneyWrites.PaymentEntity, paymentId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure!;
        }

        var credit = read.Value!.Payment!;
        var entryMarker = QuickBooksMoneyMarkers.Of(key, "je");
        var moveMarker = QuickBooksMoneyMarkers.Of(key, "move");
        if (!QuickBooksMoneyMarkers.NoteHas(credit.PrivateNote, moveMarker))
        {
            var existing = await writes.FindJournalAsync(connection, entryMarker, cancellationToken);
            if (!existing.Succeeded)
            {
                return existing.Failure!;
            }

            if (existing.Value is null && (credit.UnappliedAmt ?? 0m) < refund.Amount)
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"A refund of {Money(refund.Amount)} is more than the {Money(credit.UnappliedAmt ?? 0m)} payment {paymentId} has unapplied; nothing was posted.");
            }
        }

        var date = await OpenDateAsync(connection, refund.Date, cancellationToken);
        var entry = await writes.PostJournalAsync(
            connection, Journal(entryMarker, date, credit.CustomerRef!.Value!, refund.BankAccountCode, refund.Amount, Note($"Refund {refund.Id} of the credit on payment {paymentId}", refund.Reference)),
            QuickBooksRequestId.Retry(key, "je"), date, cancellationToken);
        if (!entry.Succeeded)
        {
            return entry.Failure!;
        }

        var applied = await writes.ChangePaymentAsync(
            connection, paymentId, moveMarker, current => LedgerResult<List<QboLine>>.Ok(AddTo(current, "JournalEntry", entry.Value!.Id!, refund.Amount)), key, "move", cancellationToken);
        return applied.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(entry.Value!.Id!, paymentId, [$"JournalEntry {entry.Value.Id}", $"Payment {paymentId}"]))
            : applied.Failure! with { Message = $"{applied.Failure.Message} (journal entry {entry.Value!.Id} is posted; the flow resumes from the payment)" };
    }

    /// <summary>The write-off CreditMemo (one line on the write-off Item) and the zero-amount Payment applying it (Q2).</summary>
    private async Task<LedgerResult<IReadOnlyList<string>>> WriteOffAsync(
        LedgerConnection connection, string customerId, (string Type, string Id) target, WriteOff writeOff, DateOnly date, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var memo = new QboCreditMemo
        {
            DocNumber = QuickBooksMoneyMarkers.Of(key, "wo"),
            TxnDate = QuickBooksJson.FormatDate(date),
            CustomerRef = QboRef.To(customerId),
            PrivateNote = $"Write-off with refund {refund.Id}",
            GlobalTaxCalculation = writeOff.TaxType is null ? "NotApplicable" : "TaxInclusive",
            Line =
            [
                new QboLine
                {
                    Description = $"Write-off with refund {refund.Id}",
                    Amount = writeOff.Amount,
                    DetailType = "SalesItemLineDetail",
                    SalesItemLineDetail = new QboSalesItemLineDetail
                    {
                        // A sales line posts to its Item's account (contract §2): the write-off account is the Item whose income account it is.
                        ItemRef = QboRef.To(writeOff.AccountCode),
                        Qty = 1m,
                        UnitPrice = writeOff.Amount,
                        TaxCodeRef = writeOff.TaxType is { } tax ? QboRef.To(tax) : null,
                    },
                },
            ],
        };
        var created = await writes.PostCreditMemoAsync(connection, memo, QuickBooksRequestId.Retry(key, "wo"), date, cancellationToken);
        if (!created.Succeeded)
        {
            return created.Failure!;
        }

        var application = new QboPayment
        {
            CustomerRef = QboRef.To(customerId),
            TotalAmt = 0m,
            TxnDate = QuickBooksJson.FormatDate(date),
            PaymentRefNum = QuickBooksMoneyMarkers.Of(key, "woapply"),
            PrivateNote = $"Write-off credit memo {created.Value!.Id} applied with refund {refund.Id}",
            Line =
            [
                new QboLine { Amount = writeOff.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = target.Id, TxnType = target.Type }] },
                new QboLine { Amount = writeOff.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = created.Value.Id, TxnType = "CreditMemo" }] },
            ],
        };
        var applied = await writes.PostPaymentAsync(connection, application, QuickBooksRequestId.Retry(key, "woapply"), date, cancellationToken);
        return applied.Succeeded
            ? LedgerResult<IReadOnlyList<string>>.Ok([$"CreditMemo {created.Value.Id}", $"Payment {applied.Value!.Id}"])
            : applied.Failure! with { Message = $"{applied.Failure.Message} (write-off credit memo {created.Value.Id} is posted but not applied; the flow resumes from its application)" };
    }

    /// <summary>Moves <paramref name="amount"/> of the Payment from the invoice to the journal: the invoice reopens by that much (Q3).</summary>
    private static LedgerResult<List<QboLine>> MoveToJournal(QboPayment payment, LedgerInvoice invoice, string entryId, decimal amount)
    {
        var lines = Copy(payment);
        var onInvoice = lines.FindIndex(l => Links(l, "Invoice", invoice.LedgerInvoiceId));
        if (onInvoice < 0 || (lines[onInvoice].Amount ?? 0m) < amount)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Payment {payment.Id} does not apply {Money(amount)} to invoice {invoice.Number}; the refund cannot take it off the invoice.");
        }

        var left = (lines[onInvoice].Amount ?? 0m) - amount;
        if (left == 0m)
        {
            lines.RemoveAt(onInvoice);
        }
        else
        {
            lines[onInvoice] = lines[onInvoice] with { Amount = left };
        }

        return LedgerResult<List<QboLine>>.Ok(AddTo(lines, "JournalEntry", entryId, amount));
    }

    private static List<QboLine> AddTo(QboPayment payment, string type, string id, decimal amount) => AddTo(Copy(payment), type, id, amount);

    private static List<QboLine> AddTo(List<QboLine> lines, string type, string id, decimal amount)
    {
        var existing = lines.FindIndex(l => Links(l, type, id));
        if (existing >= 0)
        {
            lines[existing] = lines[existing] with { Amount = (lines[existing].Amount ?? 0m) + amount };
        }
        else
        {
            lines.Add(new QboLine { Amount = amount, LinkedTxn = [new QboLinkedTxn { TxnId = id, TxnType = type }] });
        }

        return lines;
    }

    /// <summary>The lines as QBO holds them, without read-only members (a Payment line is Amount + LinkedTxn, contract §5).</summary>
    private static List<QboLine> Copy(QboPayment payment) =>
        [.. (payment.Line ?? []).Select(l => new QboLine { Amount = l.Amount, LinkedTxn = [.. (l.LinkedTxn ?? []).Select(t => new QboLinkedTxn { TxnId = t.TxnId, TxnType = t.TxnType })] })];

    private QboJournalEntry Journal(string docNumber, DateOnly date, string customerId, string? bank, decimal amount, string note) => new()
    {
        DocNumber = docNumber,
        TxnDate = QuickBooksJson.FormatDate(date),
        PrivateNote = note,
        Line =
        [
            JournalLine("Debit", _options.ReceivableAccountId!, amount, new QboJournalEntity { Type = "Customer", EntityRef = QboRef.To(customerId) }, note),
            JournalLine("Credit", bank ?? _options.RefundFromAccountId!, amount, null, note),
        ],
    };

    private static QboLine JournalLine(string posting, string account, decimal amount, QboJournalEntity? entity, string description) => new()
    {
        Description = description,
        Amount = amount,
        DetailType = "JournalEntryLineDetail",
        JournalEntryLineDetail = new QboJournalEntryLineDetail { PostingType = posting, AccountRef = QboRef.To(account), Entity = entity },
    };

    /// <summary>The date a new document takes: the asked date, or the first open day when that is on or before BookCloseDate (Q8; Ordway dates the closed-period JE in the open period).</summary>
    private async Task<DateOnly> OpenDateAsync(LedgerConnection connection, DateOnly date, CancellationToken cancellationToken) =>
        await bookClose.FirstOpenDayAsync(connection, date, cancellationToken) is { } firstOpen && firstOpen > date ? firstOpen : date;

    private LedgerFailure? Accounts(string? bank) =>
        string.IsNullOrWhiteSpace(bank ?? _options.RefundFromAccountId) || string.IsNullOrWhiteSpace(_options.ReceivableAccountId)
            ? new LedgerFailure(LedgerFailureKind.Validation, "No accounts to refund through: set QuickBooks:RefundFromAccountId (the bank account's Id) and QuickBooks:ReceivableAccountId (Accounts Receivable's Id).")
            : null;

    private static bool Links(QboLine line, string type, string id) => (line.LinkedTxn ?? []).Any(t => t.TxnType == type && t.TxnId == id);

    private static string Note(string what, string? reference) => QuickBooksMoneyConnector.Note(what, reference);

    private static string Money(decimal amount) => QuickBooksMoneyConnector.Money(amount);
}
