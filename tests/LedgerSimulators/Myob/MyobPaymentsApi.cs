using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Sale/CustomerPayment</c> (contract §5; M3) and its purchase twin <c>Purchase/SupplierPayment</c> (SDK
/// Contracts/Version2/Purchase/SupplierPayment.cs: PayFrom, Account, Supplier, PaymentNumber, Date, AmountPaid, Memo,
/// Lines[{Type, Purchase, AmountApplied}]). "Return, create and delete" (contract §8): no PUT. A payment is applied to
/// open invoices (bills) of its card, never more than each one's balance due, and must be applied in full (no
/// unapplied-amount field, contract §5). Deleting one reopens what it paid. The same rules apply to a payment "entered
/// in MYOB by bank reconciliation" through the control API (<see cref="Record"/>).
/// </summary>
internal static class MyobPaymentsApi
{
    /// <summary>Contract §5: ReceiptNumber string (13). The SDK does not state PaymentNumber's length; the simulator uses the same.</summary>
    private const int MaxNumberLength = 13;

    public static MyobResponse Post(MyobApiRequest r, MyobSide side)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var sale = side == MyobSide.Sale;
        var modeField = sale ? "DepositTo" : "PayFrom";
        var mode = MyobApiRequest.Text(body[modeField]) ?? (sale ? null : "Account"); // the SDK's SupplierPayment defaults PayFrom to Account
        if (sale ? mode is not ("Account" or "UndepositedFunds") : mode is not ("Account" or "ElectronicPayments"))
        {
            return MyobResponse.Required(modeField);
        }

        var accountUid = MyobApiRequest.LinkUid(body["Account"]);
        if (mode == "Account" && accountUid is null)
        {
            return MyobResponse.Required("Account.UID");
        }

        var cardField = MyobWire.CardField(side);
        if (MyobApiRequest.LinkUid(body[cardField]) is not { } cardUid)
        {
            return MyobResponse.Required($"{cardField}.UID");
        }

        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        var linesField = sale ? "Invoices" : "Lines";
        if (body[linesField] is not JsonArray { Count: > 0 } wire)
        {
            return MyobResponse.Required(linesField);
        }

        var lines = new List<(Guid, decimal)>();
        foreach (var line in wire.OfType<JsonObject>())
        {
            var uid = (sale ? MyobApiRequest.LinkUid(line) : MyobApiRequest.LinkUid(line["Purchase"])) ?? Guid.Empty;
            lines.Add((uid, MyobApiRequest.Decimal(line["AmountApplied"]) ?? 0m));
        }

        var (refused, payment) = Record(
            r.Store,
            r.File,
            r.Now,
            side,
            mode!,
            accountUid,
            cardUid,
            MyobApiRequest.Text(body[sale ? "ReceiptNumber" : "PaymentNumber"]),
            date,
            MyobApiRequest.Decimal(body[sale ? "AmountReceived" : "AmountPaid"]),
            MyobApiRequest.Text(body["Memo"]),
            lines);
        if (refused is not null)
        {
            return refused;
        }

        var route = sale ? MyobWire.CustomerPaymentRoute : MyobWire.SupplierPaymentRoute;
        return new MyobResponse(201, r.ReturnBody ? MyobWire.Payment(r, payment!) : null) { Location = r.EntityUri(route, payment!.Uid).AbsoluteUri };
    }

    /// <summary>Validates and records a payment; the refusal MYOB would answer, or the new record.</summary>
    internal static (MyobResponse? Refused, MyobPaymentRecord? Payment) Record(
        MyobStore store,
        MyobCompanyFile file,
        DateTimeOffset now,
        MyobSide side,
        string mode,
        Guid? accountUid,
        Guid cardUid,
        string? number,
        DateOnly date,
        decimal? amount,
        string? memo,
        IReadOnlyList<(Guid DocumentUid, decimal Applied)> lines)
    {
        var sale = side == MyobSide.Sale;
        var linesField = sale ? "Invoices" : "Lines";
        if (accountUid is { } a)
        {
            if (file.Accounts.Find(x => x.Uid == a) is not { } account)
            {
                return (MyobResponse.ReferenceNotFound("Account", a), null);
            }

            if (account.Type is not ("Bank" or "CreditCard"))
            {
                // AccountRight's Receive Payments / Pay Bills windows offer bank and credit-card accounts only (help.myob.com
                // "Receive payments"; the API pages do not say): the simulator's own rule, marked in docs/myob-simulator.md.
                return (MyobResponse.Rule("AccountNotBanking", $"Account {account.DisplayId} is not a bank or credit card account; payments go to or from a banking account.", "Account.UID"), null);
            }
        }

        if (file.Card(cardUid) is not { } card || card.Side != side)
        {
            return (sale
                ? MyobResponse.Error(400, "CustomerNotFound", $"The Customer with UID of '{cardUid}' cannot be found.", "Customer.UID", 11003)
                : MyobResponse.ReferenceNotFound("Supplier", cardUid), null);
        }

        if (number is { Length: > MaxNumberLength })
        {
            return (MyobResponse.Rule("MaxLengthExceeded", $"{(sale ? "ReceiptNumber" : "PaymentNumber")} must be {MaxNumberLength} characters or fewer.", sale ? "ReceiptNumber" : "PaymentNumber"), null);
        }

        if (MyobRules.Locked(file, date) is { } locked)
        {
            return (locked, null);
        }

        var earlier = new Dictionary<Guid, decimal>();
        foreach (var (uid, applied) in lines)
        {
            if (file.Document(uid) is not { } invoice || invoice.Side != side)
            {
                return (MyobResponse.ReferenceNotFound(linesField, uid), null);
            }

            var due = invoice.BalanceDue - earlier.GetValueOrDefault(uid);
            earlier[uid] = earlier.GetValueOrDefault(uid) + applied;
            if (invoice.IsCredit || invoice.CardUid != cardUid || invoice.Status != "Open" || applied <= 0m || applied > due)
            {
                return (MyobResponse.Rule(
                    "AmountAppliedExceedsBalanceDue",
                    $"{invoice.Number} is not open for this {(sale ? "customer" : "supplier")} or AmountApplied ({applied.ToString("0.00", CultureInfo.InvariantCulture)}) exceeds its balance due ({invoice.BalanceDue.ToString("0.00", CultureInfo.InvariantCulture)}).",
                    $"{linesField}.AmountApplied"), null);
            }
        }

        var total = lines.Sum(l => l.Applied);
        if (amount is { } stated && stated != total)
        {
            // Contract §5: no unapplied-amount field; a payment cannot be left partly unapplied (UNVERIFIED).
            var field = sale ? "AmountReceived" : "AmountPaid";
            return (MyobResponse.Rule("AmountsDoNotBalance", $"{field} must equal the sum of the lines' AmountApplied.", field), null);
        }

        var payment = new MyobPaymentRecord
        {
            Side = side,
            DepositTo = mode,
            AccountUid = accountUid,
            CustomerUid = cardUid,
            ReceiptNumber = number,
            Date = date,
            AmountReceived = total,
            Memo = memo,
            Invoices = [.. lines],
            Created = now,
            LastModified = now,
            RowVersion = store.NextRowVersion(),
        };
        foreach (var (uid, applied) in lines)
        {
            var invoice = file.Document(uid)!;
            invoice.BalanceDue -= applied;
            invoice.LastModified = now;
            invoice.RowVersion = store.NextRowVersion();
        }

        file.Payments.Add(payment);
        return (null, payment);
    }

    public static MyobResponse Delete(MyobApiRequest r, MyobSide side)
    {
        if (r.File.Payments.Find(p => p.Uid == r.Uid && p.Side == side) is not { } payment)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, payment.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.TransactionsCannotBeChangedMustBeReversed)
        {
            return MyobResponse.Error(400, "TransactionsCannotBeDeleted", "Transactions cannot be deleted and must be reversed", null, 25003);
        }

        foreach (var (uid, applied) in payment.Invoices)
        {
            if (r.File.Document(uid) is { } invoice)
            {
                invoice.BalanceDue += applied;
                MyobSettlementsApi.Touch(r, invoice);
            }
        }

        r.File.Payments.Remove(payment);
        return MyobResponse.Ok();
    }

    public static IEnumerable<JsonObject> List(MyobApiRequest r, MyobSide side) =>
        r.File.Payments.Where(p => p.Side == side).Select(p => MyobWire.Payment(r, p));

    public static MyobResponse Get(MyobApiRequest r, MyobSide side) =>
        r.File.Payments.Find(p => p.Uid == r.Uid && p.Side == side) is { } p ? MyobResponse.Ok(MyobWire.Payment(r, p)) : MyobResponse.NotFound();
}
