using CreditFunctions.Documents;
using CreditFunctions.Payments;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The payables side of <see cref="QuickBooksMoneyConnector"/> (docs/quickbooks.md "Money flows"): bills and what pays
/// them. A bill payment is a BillPayment by cheque whose line links the Bill; a supplier deposit follows Intuit's
/// asset-account method — a cheque (Purchase) to the prepayments account, cleared when the bill arrives by a VendorCredit
/// on that account applied to the Bill with a zero-amount BillPayment, or refunded by a bank Deposit from the vendor
/// against that account. Every document carries its marker (<see cref="QuickBooksMoneyMarkers"/>) in DocNumber, is
/// looked for before it is posted, posted under a requestid from the key (Q5), and read back after a lost answer.
/// </summary>
internal sealed class QuickBooksPayablesMoney(QuickBooksClient client, QuickBooksBookClose bookClose, IOptions<QuickBooksOptions> options)
{
    /// <summary>A BillPayment's id as the port carries it: Payment and BillPayment Ids are separate sequences in QBO, so the type travels with the id.</summary>
    public const string BillPaymentIdPrefix = "BillPayment:";

    private const string DepositTag = "deposit";
    private const string DuplicateName = "6240";
    private readonly QuickBooksOptions _options = options.Value;

    public async Task<LedgerResult<LedgerInvoice?>> FindBillAsync(LedgerConnection connection, string number, CancellationToken cancellationToken)
    {
        var found = await client.QueryAsync(connection, $"select * from Bill where DocNumber = {QuickBooksJson.Quote(number)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var bill = (found.Value!.QueryResponse?.Bill ?? []).FirstOrDefault(b => b.DocNumber == number);
        return LedgerResult<LedgerInvoice?>.Ok(bill is null ? null : ToBill(bill));
    }

    /// <summary>The Bill lists the BillPayments applying it in its LinkedTxn; zero-amount ones (vendor credits applied) are not money and are left out.</summary>
    public async Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListBillPaymentsAsync(LedgerConnection connection, LedgerInvoice bill, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var read = await client.ReadAsync(connection, "bill", bill.LedgerInvoiceId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure!;
        }

        var ids = (read.Value!.Bill?.LinkedTxn ?? []).Where(l => l.TxnType == "BillPayment" && l.TxnId is { Length: > 0 }).Select(l => l.TxnId!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok([]);
        }

        var payments = await client.QueryAsync(connection, $"select * from BillPayment where Id in ({string.Join(", ", ids.Select(QuickBooksJson.Quote))})", cancellationToken);
        if (!payments.Succeeded)
        {
            return payments.Failure!;
        }

        var marker = QuickBooksMoneyMarkers.Of(key, "billpay");
        var result = new List<LedgerPayment>();
        foreach (var payment in payments.Value!.QueryResponse?.BillPayment ?? [])
        {
            var applied = (payment.Line ?? []).Where(l => (l.LinkedTxn ?? []).Any(t => t.TxnType == "Bill" && t.TxnId == bill.LedgerInvoiceId)).Sum(l => l.Amount ?? 0m);
            if (applied > 0m && (payment.TotalAmt ?? 0m) > 0m)
            {
                result.Add(ToPayment(payment, applied, marker));
            }
        }

        return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok(result);
    }

    /// <summary>
    /// A BillPayment by cheque (PayType Check, CheckPayment.BankAccountRef the payment's bank or
    /// <c>QuickBooks:BillPaymentAccountId</c>) of the amount, one line linking the Bill. QBO refuses a line over the Bill's Balance.
    /// </summary>
    public async Task<LedgerResult<LedgerPayment>> CreateBillPaymentAsync(LedgerConnection connection, LedgerInvoice bill, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (payment.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A payment must be more than zero (was {Money(payment.Amount)}).");
        }

        if (bill.ContactId is not { Length: > 0 } vendorId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Bill {bill.Number} has no vendor in QuickBooks; a bill payment needs one.");
        }

        if ((payment.BankAccountCode ?? _options.BillPaymentAccountId) is not { Length: > 0 } bank)
        {
            return NoBank("bill payment");
        }

        var marker = QuickBooksMoneyMarkers.Of(key, "billpay");
        var wire = new QboPayable
        {
            VendorRef = QboRef.To(vendorId),
            PayType = "Check",
            CheckPayment = new QboCheckPayment { BankAccountRef = QboRef.To(bank) },
            TotalAmt = payment.Amount,
            TxnDate = QuickBooksJson.FormatDate(payment.Date),
            DocNumber = marker,
            PrivateNote = QuickBooksMoneyConnector.Note($"Payment {payment.Id} of bill {bill.Number}", payment.Reference),
            Line = [new QboLine { Amount = payment.Amount, LinkedTxn = [new QboLinkedTxn { TxnId = bill.LedgerInvoiceId, TxnType = "Bill" }] }],
        };
        var posted = await PostOnceAsync(connection, "BillPayment", wire, QuickBooksRequestId.From(key), payment.Date, cancellationToken);
        return posted.Succeeded ? LedgerResult<LedgerPayment>.Ok(ToPayment(posted.Value!, payment.Amount, marker)) : BillGone(posted.Failure!, bill);
    }

    /// <summary>BillPayment delete with its SyncToken (contract §10); the bill reopens. A stale SyncToken (5010, Q7) is read again and tried once more; one already gone counts as deleted.</summary>
    public async Task<LedgerResult<LedgerPayment>> DeleteBillPaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var id = ledgerPaymentId[BillPaymentIdPrefix.Length..];
        LedgerFailure? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var read = await client.ReadAsync(connection, "billpayment", id, cancellationToken);
            if (!read.Succeeded)
            {
                return read.Failure!.Kind == LedgerFailureKind.NotFound ? LedgerResult<LedgerPayment>.Ok(new LedgerPayment(ledgerPaymentId, 0m, default, null, null)) : read.Failure!;
            }

            var current = read.Value!.BillPayment!;
            var response = await client.WriteAsync(
                connection, "billpayment", new QboEntityStub { Id = id, SyncToken = current.SyncToken ?? "0" },
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

    /// <summary>
    /// A supplier deposit: a cheque (Purchase, PaymentType Check) from the bank to the vendor, its one line on the
    /// prepayments asset account (the deposit's HoldingAccountCode or <c>QuickBooks:SupplierDepositAccountId</c>).
    /// <see cref="LedgerMoneyPosting.CreditId"/> is the Purchase's Id.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> PostSupplierDepositAsync(LedgerConnection connection, PrepaidCreditDocument deposit, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (deposit.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A supplier deposit must be more than zero (was {Money(deposit.Amount)}).");
        }

        if ((deposit.BankAccountCode ?? _options.BillPaymentAccountId) is not { Length: > 0 } bank)
        {
            return NoBank("supplier deposit");
        }

        if ((deposit.HoldingAccountCode ?? _options.SupplierDepositAccountId) is not { Length: > 0 } holding)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "No prepayments account to hold the supplier deposit on: name one on the deposit or set QuickBooks:SupplierDepositAccountId (an Other Current Asset account's Id).");
        }

        var vendor = await VendorAsync(connection, deposit.Contact, cancellationToken);
        if (!vendor.Succeeded)
        {
            return vendor.Failure!;
        }

        var purchase = new QboPayable
        {
            PaymentType = "Check",
            AccountRef = QboRef.To(bank),
            EntityRef = QboRef.To(vendor.Value!),
            TxnDate = QuickBooksJson.FormatDate(deposit.Date),
            DocNumber = QuickBooksMoneyMarkers.Of(key, "deposit"),
            PrivateNote = QuickBooksMoneyConnector.Note($"Supplier deposit {deposit.Id}", deposit.Reference),
            Line = [ExpenseLine(deposit.Amount, holding, $"Supplier deposit {deposit.Id}")],
        };
        var posted = await PostOnceAsync(connection, "Purchase", purchase, QuickBooksRequestId.From(key), deposit.Date, cancellationToken);
        return posted.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(posted.Value!.Id!, posted.Value.Id, [$"Purchase {posted.Value.Id}"]))
            : posted.Failure!;
    }

    /// <summary>
    /// Applies part of a supplier deposit to a bill: a VendorCredit on the prepayments account (it clears the asset) and a
    /// zero-amount BillPayment whose lines link the Bill and that VendorCredit ("Set Credits" in Intuit's steps). Refused
    /// before anything is posted when the bill's Balance or the deposit's unused amount is less than the application.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> ApplySupplierDepositAsync(
        LedgerConnection connection, LedgerMoneyPosting posted, LedgerInvoice bill, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (application.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"An application must be more than zero (was {Money(application.Amount)}).");
        }

        var applyMarker = QuickBooksMoneyMarkers.Of(key, "vcapply");
        var done = await FindAsync(connection, "BillPayment", applyMarker, cancellationToken);
        if (!done.Succeeded)
        {
            return done.Failure!;
        }

        var deposit = await DepositAsync(connection, posted, cancellationToken);
        if (!deposit.Succeeded)
        {
            return deposit.Failure!;
        }

        var (purchase, vendorId, holding) = deposit.Value;
        if (done.Value is { } applied)
        {
            var credit = (applied.Line ?? []).SelectMany(l => l.LinkedTxn ?? []).FirstOrDefault(t => t.TxnType == "VendorCredit")?.TxnId;
            return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(applied.Id!, purchase.Id, [$"VendorCredit {credit}", $"BillPayment {applied.Id}"]));
        }

        var creditMarker = QuickBooksMoneyMarkers.Of(key, "vc");
        var existing = await FindAsync(connection, "VendorCredit", creditMarker, cancellationToken);
        if (!existing.Succeeded)
        {
            return existing.Failure!;
        }

        QboPayable vendorCredit;
        if (existing.Value is { } found)
        {
            vendorCredit = found;
        }
        else
        {
            var refusal = await RefuseOverAsync(connection, purchase, application.Amount, $"applied to bill {bill.Number}", cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var current = await client.ReadAsync(connection, "bill", bill.LedgerInvoiceId, cancellationToken);
            if (!current.Succeeded)
            {
                return current.Failure!.Kind == LedgerFailureKind.NotFound ? current.Failure! with { Message = $"Bill {bill.Number} is not in QuickBooks (any more)." } : current.Failure!;
            }

            if ((current.Value!.Bill?.Balance ?? 0m) < application.Amount)
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"Bill {bill.Number} has {Money(current.Value.Bill?.Balance ?? 0m)} due; {Money(application.Amount)} of the supplier deposit cannot be applied to it. Nothing was posted.");
            }

            var note = $"Supplier deposit {purchase.Id} applied to bill {bill.Number} (application {application.ApplicationId}) {QuickBooksMoneyMarkers.NoteTag($"{DepositTag} {purchase.Id}")}";
            var wire = new QboPayable
            {
                VendorRef = QboRef.To(vendorId),
                TxnDate = QuickBooksJson.FormatDate(application.Date),
                DocNumber = creditMarker,
                PrivateNote = note,
                Line = [ExpenseLine(application.Amount, holding, note)],
            };
            var created = await PostOnceAsync(connection, "VendorCredit", wire, QuickBooksRequestId.Retry(key, "vc"), application.Date, cancellationToken);
            if (!created.Succeeded)
            {
                return created.Failure!;
            }

            vendorCredit = created.Value!;
        }

        var amount = vendorCredit.TotalAmt ?? application.Amount;
        var payment = new QboPayable
        {
            VendorRef = QboRef.To(vendorId),
            PayType = "Check",
            CheckPayment = new QboCheckPayment { BankAccountRef = purchase.AccountRef },
            TotalAmt = 0m,
            TxnDate = vendorCredit.TxnDate,
            DocNumber = applyMarker,
            PrivateNote = $"Vendor credit {vendorCredit.Id} (supplier deposit {purchase.Id}) applied to bill {bill.Number}",
            Line =
            [
                new QboLine { Amount = amount, LinkedTxn = [new QboLinkedTxn { TxnId = bill.LedgerInvoiceId, TxnType = "Bill" }] },
                new QboLine { Amount = amount, LinkedTxn = [new QboLinkedTxn { TxnId = vendorCredit.Id, TxnType = "VendorCredit" }] },
            ],
        };
        var paid = await PostOnceAsync(connection, "BillPayment", payment, QuickBooksRequestId.Retry(key, "vcapply"), application.Date, cancellationToken);
        return paid.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paid.Value!.Id!, purchase.Id, [$"VendorCredit {vendorCredit.Id}", $"BillPayment {paid.Value.Id}"]))
            : BillGone(paid.Failure!, bill) with { Message = $"{BillGone(paid.Failure!, bill).Message} (vendor credit {vendorCredit.Id} is posted but not applied; the flow resumes from its application)" };
    }

    /// <summary>
    /// The vendor pays part of a deposit back: a bank Deposit (into the refund's bank or the deposit's) whose one line
    /// takes the amount from the prepayments account, received from the vendor. Refused when the deposit has less unused.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> RefundSupplierDepositAsync(LedgerConnection connection, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (refund.Amount <= 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A refund must be more than zero (was {Money(refund.Amount)}).");
        }

        var deposit = await DepositAsync(connection, posted, cancellationToken);
        if (!deposit.Succeeded)
        {
            return deposit.Failure!;
        }

        var (purchase, vendorId, holding) = deposit.Value;
        var marker = QuickBooksMoneyMarkers.Of(key, "refund");
        var existing = await FindAsync(connection, "Deposit", marker, cancellationToken);
        if (!existing.Succeeded)
        {
            return existing.Failure!;
        }

        if (existing.Value is null && await RefuseOverAsync(connection, purchase, refund.Amount, "refunded", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var note = QuickBooksMoneyConnector.Note($"Refund {refund.Id} of supplier deposit {purchase.Id}", refund.Reference) + " " + QuickBooksMoneyMarkers.NoteTag($"{DepositTag} {purchase.Id}");
        var wire = new QboPayable
        {
            DepositToAccountRef = refund.BankAccountCode is { Length: > 0 } bank ? QboRef.To(bank) : purchase.AccountRef,
            TxnDate = QuickBooksJson.FormatDate(refund.Date),
            DocNumber = marker,
            PrivateNote = note,
            Line =
            [
                new QboLine
                {
                    Description = note,
                    Amount = refund.Amount,
                    DetailType = "DepositLineDetail",
                    DepositLineDetail = new QboDepositLineDetail { AccountRef = QboRef.To(holding), Entity = QboRef.To(vendorId) },
                },
            ],
        };
        var made = existing.Value is { } found ? LedgerResult<QboPayable>.Ok(found) : await PostOnceAsync(connection, "Deposit", wire, QuickBooksRequestId.From(key), refund.Date, cancellationToken);
        return made.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(made.Value!.Id!, purchase.Id, [$"Deposit {made.Value.Id}"]))
            : made.Failure!;
    }

    /// <summary>
    /// What is left of the deposit: its Purchase's total less the VendorCredits and Deposits made from it since (each tagged
    /// <c>[deposit {id}]</c> in PrivateNote; read by creation time, at most 1,000 of each).
    /// </summary>
    private async Task<LedgerFailure?> RefuseOverAsync(LedgerConnection connection, QboPayable purchase, decimal amount, string what, CancellationToken cancellationToken)
    {
        var since = purchase.MetaData?.CreateTime is { } created ? $" where MetaData.CreateTime >= {QuickBooksJson.Quote(created.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))}" : "";
        var tag = QuickBooksMoneyMarkers.NoteTag($"{DepositTag} {purchase.Id}");
        var used = 0m;
        foreach (var entity in new[] { "VendorCredit", "Deposit" })
        {
            var rows = await client.QueryAsync(connection, $"select * from {entity}{since} maxresults 1000", cancellationToken);
            if (!rows.Succeeded)
            {
                return rows.Failure!;
            }

            used += Many(rows.Value!.QueryResponse, entity).Where(r => r.PrivateNote?.Contains(tag, StringComparison.Ordinal) == true).Sum(r => r.TotalAmt ?? 0m);
        }

        var left = (purchase.TotalAmt ?? 0m) - used;
        return left < amount
            ? new LedgerFailure(LedgerFailureKind.Validation, $"Supplier deposit {purchase.Id} has {Money(left)} unused; {Money(amount)} cannot be {what}. Nothing was posted.")
            : null;
    }

    private async Task<LedgerResult<(QboPayable Purchase, string VendorId, string Holding)>> DepositAsync(LedgerConnection connection, LedgerMoneyPosting posted, CancellationToken cancellationToken)
    {
        if (posted.CreditId is not { Length: > 0 } purchaseId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "The supplier deposit has no QuickBooks cheque (Purchase) to draw on.");
        }

        var read = await client.ReadAsync(connection, "purchase", purchaseId, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure!;
        }

        var purchase = read.Value!.Purchase!;
        var holding = (purchase.Line ?? []).Select(l => l.AccountBasedExpenseLineDetail?.AccountRef?.Value).FirstOrDefault(a => a is { Length: > 0 });
        return purchase.EntityRef?.Value is { Length: > 0 } vendorId && holding is not null
            ? LedgerResult<(QboPayable, string, string)>.Ok((purchase, vendorId, holding))
            : new LedgerFailure(LedgerFailureKind.Validation, $"Purchase {purchaseId} is not a supplier deposit (no vendor or no prepayments line).");
    }

    /// <summary>The contact's Vendor by DisplayName (unique across names, contract §8), else made once under a requestid from the contact id (Q5); a duplicate name (6240) is looked up again.</summary>
    private async Task<LedgerResult<string>> VendorAsync(LedgerConnection connection, CreditNoteContact contact, CancellationToken cancellationToken)
    {
        async Task<LedgerResult<string?>> FindAsync()
        {
            var result = await client.QueryAsync(connection, $"select * from Vendor where DisplayName = {QuickBooksJson.Quote(contact.Name)}", cancellationToken);
            return result.Succeeded
                ? LedgerResult<string?>.Ok((result.Value!.QueryResponse?.Vendor ?? []).FirstOrDefault(v => string.Equals(v.DisplayName, contact.Name, StringComparison.OrdinalIgnoreCase))?.Id)
                : result.Failure!;
        }

        var found = await FindAsync();
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? LedgerResult<string>.Ok(found.Value!) : found.Failure!;
        }

        var created = await client.WriteAsync(connection, "vendor", new QboVendor { DisplayName = contact.Name, CompanyName = contact.Name }, QuickBooksRequestId.ForVendor(connection, contact.Id), null, cancellationToken);
        if (created.Succeeded && created.Value!.Vendor?.Id is { Length: > 0 } id)
        {
            return LedgerResult<string>.Ok(id);
        }

        var failure = created.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the vendor.");
        if (failure.Kind == LedgerFailureKind.Ambiguous || failure.Message.Contains($"(code {DuplicateName})", StringComparison.Ordinal))
        {
            var again = await FindAsync();
            if (again is { Succeeded: true, Value: { } existing })
            {
                return LedgerResult<string>.Ok(existing);
            }
        }

        return failure with { Message = $"QuickBooks refused to create vendor {contact.Id}: {failure.Message}" };
    }

    private async Task<LedgerResult<QboPayable?>> FindAsync(LedgerConnection connection, string entity, string marker, CancellationToken cancellationToken)
    {
        var found = await client.QueryAsync(connection, $"select * from {entity} where DocNumber = {QuickBooksJson.Quote(marker)}", cancellationToken);
        return found.Succeeded
            ? LedgerResult<QboPayable?>.Ok(Many(found.Value!.QueryResponse, entity).FirstOrDefault(p => p.DocNumber == marker))
            : found.Failure!;
    }

    /// <summary>A new document whose DocNumber is its marker, once: look, post under the requestid, read back after an unknown outcome.</summary>
    private async Task<LedgerResult<QboPayable>> PostOnceAsync(LedgerConnection connection, string entity, QboPayable body, string requestId, DateOnly date, CancellationToken cancellationToken)
    {
        var before = await FindAsync(connection, entity, body.DocNumber!, cancellationToken);
        if (!before.Succeeded || before.Value is not null)
        {
            return before.Succeeded ? LedgerResult<QboPayable>.Ok(before.Value!) : before.Failure!;
        }

        var response = await client.WriteAsync(connection, entity.ToLowerInvariant(), body, requestId, null, cancellationToken);
        if (response.Succeeded && One(response.Value!, entity) is { Id.Length: > 0 } created)
        {
            return LedgerResult<QboPayable>.Ok(created);
        }

        var failure = response.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, $"QuickBooks's answer did not carry the {entity}.");
        if (QuickBooksMoneyWrites.IsUnknownOutcome(failure))
        {
            var after = await FindAsync(connection, entity, body.DocNumber!, cancellationToken);
            return after is { Succeeded: true, Value: { } landed } ? LedgerResult<QboPayable>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
        }

        return await bookClose.WithFirstOpenDayAsync(connection, date, failure, cancellationToken);
    }

    private static QboPayable? One(QboEnvelope envelope, string entity) => entity switch
    {
        "Bill" => envelope.Bill,
        "BillPayment" => envelope.BillPayment,
        "Purchase" => envelope.Purchase,
        "VendorCredit" => envelope.VendorCredit,
        "Deposit" => envelope.Deposit,
        _ => null,
    };

    private static List<QboPayable> Many(QboQueryResponse? response, string entity) => entity switch
    {
        "Bill" => response?.Bill,
        "BillPayment" => response?.BillPayment,
        "Purchase" => response?.Purchase,
        "VendorCredit" => response?.VendorCredit,
        "Deposit" => response?.Deposit,
        _ => null,
    } ?? [];

    private static QboLine ExpenseLine(decimal amount, string account, string description) => new()
    {
        Description = description,
        Amount = amount,
        DetailType = "AccountBasedExpenseLineDetail",
        AccountBasedExpenseLineDetail = new QboAccountLineDetail { AccountRef = QboRef.To(account) },
    };

    private static LedgerInvoice ToBill(QboPayable bill)
    {
        var total = bill.TotalAmt ?? 0m;
        var due = bill.Balance ?? total;
        return new LedgerInvoice(bill.Id!, bill.DocNumber ?? "", CreditNoteKind.Payable, due == 0m ? "PAID" : "OPEN", total, due, QuickBooksJson.ParseDate(bill.TxnDate) ?? default, bill.VendorRef?.Value);
    }

    private static LedgerPayment ToPayment(QboPayable payment, decimal amount, string? marker) => new(
        BillPaymentIdPrefix + payment.Id,
        amount,
        QuickBooksJson.ParseDate(payment.TxnDate) ?? default,
        QuickBooksMoneyMarkers.IsOurs(payment.DocNumber) ? payment.PrivateNote : payment.DocNumber ?? payment.PrivateNote,
        payment.CheckPayment?.BankAccountRef?.Value,
        MadeUnderKey: marker is not null && payment.DocNumber == marker,
        MadeByService: QuickBooksMoneyMarkers.IsOurs(payment.DocNumber));

    /// <summary>A line linking a Bill deleted meanwhile is 2500 Invalid Reference on LinkedTxn (as for invoices, contract §11): the bill is not in the ledger (any more).</summary>
    private static LedgerFailure BillGone(LedgerFailure failure, LedgerInvoice bill) =>
        failure.Kind == LedgerFailureKind.Validation && failure.Message.Contains("(code 2500)", StringComparison.Ordinal) && failure.Message.Contains("LinkedTxn", StringComparison.Ordinal)
            ? failure with { Kind = LedgerFailureKind.NotFound, Message = $"Bill {bill.Number} is not in QuickBooks (any more): {failure.Message}" }
            : failure;

    private static LedgerFailure NoBank(string what) => new(
        LedgerFailureKind.Validation, $"No bank account to pay the {what} from: name one on the document or set QuickBooks:BillPaymentAccountId (the bank account's Id).");

    private static string Money(decimal amount) => QuickBooksMoneyConnector.Money(amount);
}
