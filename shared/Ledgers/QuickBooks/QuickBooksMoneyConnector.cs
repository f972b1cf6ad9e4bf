using System.Globalization;
using CreditFunctions.Documents;
using CreditFunctions.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The QuickBooks Online adapter behind <see cref="IMoneyLedger"/> (docs/quickbooks.md "Money flows"; ledger-apis.md
/// A4). A payment is a Payment whose line links the Invoice (Q2), deleted with <c>operation=delete</c>; refunds,
/// overpayments and customer credits follow Ordway's documented QBO flow (Q2–Q4) in <see cref="QuickBooksMoneyPostings"/>;
/// pull mode reads Payments through CDC (Q10). Every Payment this service makes carries its marker in PaymentRefNum
/// (<see cref="QuickBooksMoneyMarkers"/>), which is how look-before-post finds it and how pull mode skips it. Payable
/// documents (bills, bill payments, supplier deposits) are handed to <see cref="QuickBooksPayablesMoney"/>.
/// </summary>
internal sealed partial class QuickBooksMoneyConnector(
    QuickBooksClient client,
    QuickBooksMoneyWrites writes,
    QuickBooksMoneyPostings postings,
    QuickBooksPayablesMoney payables,
    IOptions<QuickBooksOptions> options,
    TimeProvider time,
    ILogger<QuickBooksMoneyConnector> logger) : IMoneyLedger
{
    private readonly QuickBooksOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.QuickBooks;

    /// <summary>QBO keeps what a Payment does not apply as its UnappliedAmt, the customer's credit (Q2, A4).</summary>
    public bool HasNativeOverpayments => true;

    public async Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken)
    {
        if (kind == CreditNoteKind.Payable)
        {
            return await payables.FindBillAsync(connection, invoiceNumber, cancellationToken);
        }

        var found = await client.QueryAsync(connection, $"select * from Invoice where DocNumber = {QuickBooksJson.Quote(invoiceNumber)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var invoice = (found.Value!.QueryResponse?.Invoice ?? []).FirstOrDefault(i => i.DocNumber == invoiceNumber);
        return LedgerResult<LedgerInvoice?>.Ok(invoice is null ? null : ToInvoice(invoice));
    }

    /// <summary>
    /// The Invoice lists the Payments applying it in its LinkedTxn (F L4905); each is read in one query (Id IN) and counts
    /// with what its lines apply to this invoice. Zero-amount Payments are credit applications (Q2), not money, and are left out.
    /// </summary>
    public async Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.Kind == CreditNoteKind.Payable)
        {
            return await payables.ListBillPaymentsAsync(connection, invoice, key, cancellationToken);
        }

        var read = await client.ReadAsync(connection, "invoice", invoice.LedgerInvoiceId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure!;
        }

        var ids = (read.Value!.Invoice?.LinkedTxn ?? []).Where(l => l.TxnType == "Payment" && l.TxnId is { Length: > 0 }).Select(l => l.TxnId!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok([]);
        }

        var payments = await client.QueryAsync(connection, $"select * from Payment where Id in ({string.Join(", ", ids.Select(QuickBooksJson.Quote))})", cancellationToken);
        if (!payments.Succeeded)
        {
            return payments.Failure!;
        }

        var marker = QuickBooksMoneyMarkers.Of(key, "pay");
        var result = new List<LedgerPayment>();
        foreach (var payment in payments.Value!.QueryResponse?.Payment ?? [])
        {
            var applied = (payment.Line ?? []).Where(l => Links(l, "Invoice", invoice.LedgerInvoiceId)).Sum(l => l.Amount ?? 0m);
            if (applied <= 0m || (payment.TotalAmt ?? 0m) <= 0m)
            {
                continue;
            }

            result.Add(ToPayment(payment, applied, marker));
        }

        return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok(result);
    }

    /// <summary>
    /// A Payment of the amount with one line linking the Invoice (Q2), into the named bank account (DepositToAccountRef;
    /// QBO's default is Undeposited Funds, F L5672). QBO refuses a line over the invoice's Balance; its words come back as Validation.
    /// </summary>
    public async Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (payment.Kind == CreditNoteKind.Payable)
        {
            return await payables.CreateBillPaymentAsync(connection, invoice, payment, key, cancellationToken);
        }

        if (payment.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A payment must be more than zero (was {Money(payment.Amount)}).");
        }

        if (invoice.ContactId is not { Length: > 0 } customerId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no customer in QuickBooks; a payment needs one.");
        }

        var marker = QuickBooksMoneyMarkers.Of(key, "pay");
        var wire = new QboPayment
        {
            CustomerRef = QboRef.To(customerId),
            TotalAmt = payment.Amount,
            TxnDate = QuickBooksJson.FormatDate(payment.Date),
            PaymentRefNum = marker,
            PrivateNote = Note($"Payment {payment.Id} of invoice {invoice.Number}", payment.Reference),
            DepositToAccountRef = Account(payment.BankAccountCode ?? _options.PaymentDepositAccountId),
            Line = [new QboLine { Amount = payment.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = invoice.LedgerInvoiceId, TxnType = "Invoice" }] }],
        };
        var posted = await writes.PostPaymentAsync(connection, wire, QuickBooksRequestId.From(key), payment.Date, cancellationToken);
        if (!posted.Succeeded)
        {
            var failure = InvoiceGone(posted.Failure!, invoice);
            LogRefused(logger, payment.Id, connection.ConnectionId, failure.Kind);
            return failure;
        }

        return LedgerResult<LedgerPayment>.Ok(ToPayment(posted.Value!, payment.Amount, marker));
    }

    /// <summary>Payment delete with its SyncToken (contract §10); the invoice it paid reopens. One already gone counts as deleted.</summary>
    public async Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (ledgerPaymentId.StartsWith(QuickBooksPayablesMoney.BillPaymentIdPrefix, StringComparison.Ordinal))
        {
            return await payables.DeleteBillPaymentAsync(connection, ledgerPaymentId, key, cancellationToken);
        }

        LedgerFailure? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var read = await client.ReadAsync(connection, QuickBooksMoneyWrites.PaymentEntity, ledgerPaymentId, cancellationToken);
            if (!read.Succeeded)
            {
                return read.Failure!.Kind == LedgerFailureKind.NotFound ? Gone(ledgerPaymentId) : read.Failure!;
            }

            var current = read.Value!.Payment!;
            var response = await client.WriteAsync(
                connection, QuickBooksMoneyWrites.PaymentEntity, new QboEntityStub { Id = ledgerPaymentId, SyncToken = current.SyncToken ?? "0" },
                attempt == 0 ? QuickBooksRequestId.From(key) : QuickBooksRequestId.Retry(key, "stale1"), "delete", cancellationToken);
            if (response.Succeeded || response.Failure!.Kind == LedgerFailureKind.NotFound)
            {
                return LedgerResult<LedgerPayment>.Ok(ToPayment(current, current.TotalAmt ?? 0m, null));
            }

            last = response.Failure!;
            if (!last.Message.Contains($"(code {QuickBooksErrorClassifier.StaleObjectCode})", StringComparison.Ordinal) && !QuickBooksMoneyWrites.IsUnknownOutcome(last))
            {
                return last;
            }
        }

        return last!;
    }

    public async Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var preferences = await client.PreferencesAsync(connection, cancellationToken);
        return preferences.Succeeded
            ? LedgerResult<DateOnly?>.Ok(QuickBooksJson.ParseDate(preferences.Value!.Preferences?.AccountingInfoPrefs?.BookCloseDate))
            : preferences.Failure!;
    }

    public Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken) =>
        refund.Kind != CreditNoteKind.Receivable
            ? Task.FromResult<LedgerResult<LedgerMoneyPosting>>(NotServed("a refund of a bill payment (Ordway's refund flow is for customer payments; delete the bill payment instead)"))
            : postings.RefundPaymentAsync(connection, invoice, payment, refund, periodClosed, key, cancellationToken);

    public Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken) =>
        overpayment.Kind != CreditNoteKind.Receivable
            ? Task.FromResult<LedgerResult<LedgerMoneyPosting>>(NotServed("an overpayment of a bill (post a supplier deposit for money paid ahead)"))
            : postings.PostUnappliedPaymentAsync(connection, invoice, overpayment, overpayment.AppliedToInvoice, overpayment.BankAccountCode, overpayment.Reference, key, cancellationToken);

    public Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken) =>
        credit.Kind == CreditNoteKind.Payable
            ? payables.PostSupplierDepositAsync(connection, credit, key, cancellationToken)
            : postings.PostUnappliedPaymentAsync(connection, null, credit, 0m, credit.BankAccountCode, credit.Reference, key, cancellationToken);

    public Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken) =>
        credit.Kind != CreditNoteKind.Receivable
            ? credit is PrepaidCreditDocument
                ? payables.ApplySupplierDepositAsync(connection, posted, invoice, application, key, cancellationToken)
                : Task.FromResult<LedgerResult<LedgerMoneyPosting>>(NotServed("applying a payable overpayment"))
            : postings.ApplyCreditAsync(connection, posted, invoice, application, key, cancellationToken);

    public Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken) =>
        credit.Kind != CreditNoteKind.Receivable
            ? credit is PrepaidCreditDocument
                ? payables.RefundSupplierDepositAsync(connection, posted, refund, key, cancellationToken)
                : Task.FromResult<LedgerResult<LedgerMoneyPosting>>(NotServed("refunding a payable overpayment"))
            : postings.RefundCreditBalanceAsync(connection, posted, refund, key, cancellationToken);

    /// <summary>
    /// CDC for Payment (Q10): changedSince at most 30 days back (an older or missing cursor starts at the limit), at most
    /// 1,000 objects an answer, so it asks again from the last change seen until an answer is short. Every invoice line of
    /// a Payment is one pulled payment; zero-amount Payments (credit applications) and unapplied ones (no invoice) are not
    /// payments of an invoice and are left out; deleted ones come back as <c>{Id, status: Deleted}</c> and are pulled as such.
    /// </summary>
    public async Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var earliest = time.GetUtcNow() - QuickBooksCdcLookBack;
        var cursor = since is { } s && s > earliest ? s : earliest;
        var start = cursor;
        var changed = new List<QboPayment>();
        for (var page = 0; page < MaxCdcPages; page++)
        {
            var answer = await client.ChangesAsync(connection, "Payment", cursor, cancellationToken);
            if (!answer.Succeeded)
            {
                return answer.Failure!;
            }

            var rows = (answer.Value!.CDCResponse ?? []).SelectMany(r => r.QueryResponse ?? []).SelectMany(q => q.Payment ?? []).ToList();
            changed.AddRange(rows);
            var latest = rows.Select(r => r.MetaData?.LastUpdatedTime).Where(t => t is not null).Max();
            if (latest is { } moved && moved > cursor)
            {
                cursor = moved;
            }

            if (rows.Count < CdcMaxObjects)
            {
                break;
            }
        }

        var currency = await HomeCurrencyAsync(connection, cancellationToken);
        if (!currency.Succeeded)
        {
            return currency.Failure!;
        }

        var invoiceIds = changed.SelectMany(p => p.Line ?? []).SelectMany(l => l.LinkedTxn ?? []).Where(t => t.TxnType == "Invoice" && t.TxnId is not null).Select(t => t.TxnId!).Distinct(StringComparer.Ordinal).ToList();
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in invoiceIds.Chunk(500))
        {
            var invoices = await client.QueryAsync(connection, $"select * from Invoice where Id in ({string.Join(", ", chunk.Select(QuickBooksJson.Quote))}) maxresults 1000", cancellationToken);
            if (!invoices.Succeeded)
            {
                return invoices.Failure!;
            }

            foreach (var invoice in invoices.Value!.QueryResponse?.Invoice ?? [])
            {
                numbers[invoice.Id!] = invoice.DocNumber ?? "";
            }
        }

        var pulled = new List<PulledPayment>();
        foreach (var payment in changed.OrderBy(p => p.MetaData?.LastUpdatedTime))
        {
            var at = payment.MetaData?.LastUpdatedTime ?? cursor;
            var ours = QuickBooksMoneyMarkers.IsOurs(payment.PaymentRefNum);
            if (string.Equals(payment.Status, "Deleted", StringComparison.OrdinalIgnoreCase))
            {
                pulled.Add(new PulledPayment(payment.Id!, CreditNoteKind.Receivable, "", 0m, DateOnly.FromDateTime(at.UtcDateTime), currency.Value!, null, Deleted: true, ours, at));
                continue;
            }

            if ((payment.TotalAmt ?? 0m) <= 0m)
            {
                continue;
            }

            var lines = (payment.Line ?? []).Where(l => (l.Amount ?? 0m) > 0m && (l.LinkedTxn ?? []).Any(t => t.TxnType == "Invoice")).ToList();
            foreach (var line in lines)
            {
                var invoiceId = line.LinkedTxn!.First(t => t.TxnType == "Invoice").TxnId!;
                pulled.Add(new PulledPayment(
                    lines.Count == 1 ? payment.Id! : $"{payment.Id}:{invoiceId}",
                    CreditNoteKind.Receivable,
                    numbers.GetValueOrDefault(invoiceId, ""),
                    line.Amount!.Value,
                    QuickBooksJson.ParseDate(payment.TxnDate) ?? DateOnly.FromDateTime(at.UtcDateTime),
                    payment.CurrencyRef?.Value ?? currency.Value!,
                    ours ? null : payment.PaymentRefNum,
                    Deleted: false,
                    ours,
                    at));
            }
        }

        // LastUpdatedTime is in whole seconds: a change later in the second of this pull would carry a time no later than
        // one seen now, so the cursor never passes the second before this pull's (such changes come again, never lost).
        var now = time.GetUtcNow();
        var settled = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), now.Offset).AddSeconds(-1);
        return LedgerResult<PaymentChanges>.Ok(new PaymentChanges(pulled, cursor < settled ? cursor : settled > start ? settled : start));
    }

    /// <summary>Q10: CDC looks back 30 days at most; a minute's margin keeps a cursor at the limit from being refused as too old.</summary>
    internal static readonly TimeSpan QuickBooksCdcLookBack = TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1);

    internal const int CdcMaxObjects = 1000;
    private const int MaxCdcPages = 20;

    private async Task<LedgerResult<string>> HomeCurrencyAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var preferences = await client.PreferencesAsync(connection, cancellationToken);
        return preferences.Succeeded
            ? LedgerResult<string>.Ok(preferences.Value!.Preferences?.CurrencyPrefs?.HomeCurrency?.Value ?? "")
            : preferences.Failure!;
    }

    internal static LedgerInvoice ToInvoice(QboInvoice invoice)
    {
        var total = invoice.TotalAmt ?? 0m;
        var due = invoice.Balance ?? total;
        var voided = total == 0m && invoice.PrivateNote?.StartsWith("Voided", StringComparison.Ordinal) == true; // contract §5: a void zeroes amounts and prepends "Voided"
        var status = voided ? "VOIDED" : due == 0m ? "PAID" : "OPEN";
        return new LedgerInvoice(invoice.Id!, invoice.DocNumber ?? "", CreditNoteKind.Receivable, status, total, due, QuickBooksJson.ParseDate(invoice.TxnDate) ?? default, invoice.CustomerRef?.Value);
    }

    private static LedgerPayment ToPayment(QboPayment payment, decimal amount, string? marker) => new(
        payment.Id!,
        amount,
        QuickBooksJson.ParseDate(payment.TxnDate) ?? default,
        QuickBooksMoneyMarkers.IsOurs(payment.PaymentRefNum) ? payment.PrivateNote : payment.PaymentRefNum ?? payment.PrivateNote,
        payment.DepositToAccountRef?.Value,
        MadeUnderKey: marker is not null && payment.PaymentRefNum == marker,
        MadeByService: QuickBooksMoneyMarkers.IsOurs(payment.PaymentRefNum));

    /// <summary>QBO answers a line linking a deleted invoice with 2500 Invalid Reference on LinkedTxn (contract §11): the invoice is not in the ledger (any more).</summary>
    internal static LedgerFailure InvoiceGone(LedgerFailure failure, LedgerInvoice invoice) =>
        failure.Kind == LedgerFailureKind.Validation && failure.Message.Contains("(code 2500)", StringComparison.Ordinal) && failure.Message.Contains("LinkedTxn", StringComparison.Ordinal)
            ? failure with { Kind = LedgerFailureKind.NotFound, Message = $"Invoice {invoice.Number} is not in QuickBooks (any more): {failure.Message}" }
            : failure;

    private static LedgerResult<LedgerPayment> Gone(string id) => LedgerResult<LedgerPayment>.Ok(new LedgerPayment(id, 0m, default, null, null));

    internal static QboRef? Account(string? id) => id is { Length: > 0 } ? QboRef.To(id) : null;

    internal static string Note(string what, string? reference) => reference is { Length: > 0 } ? $"{what} (ref {reference})" : what;

    internal static LedgerFailure NotServed(string what) => new(
        LedgerFailureKind.Validation,
        $"QuickBooks connections do not take {what}; on payables they take bill payments (create, delete) and supplier deposits (create, apply to a bill, refund) (docs/quickbooks.md \"Money flows\").");

    private static bool Links(QboLine line, string type, string id) => (line.LinkedTxn ?? []).Any(t => t.TxnType == type && t.TxnId == id);

    internal static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "Payment {DocumentId}: QuickBooks did not take it for connection {ConnectionId} ({Kind})")]
    private static partial void LogRefused(ILogger logger, string documentId, string connectionId, LedgerFailureKind kind);
}
