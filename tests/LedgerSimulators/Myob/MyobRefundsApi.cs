using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Sale/CreditRefund</c> (pay a credit out, contract §4; M3: <c>Amount</c> ≤ the credit) and <c>Sale/CustomerPayment</c>
/// (contract §5). Both "Return, create and delete".
/// </summary>
internal static class MyobRefundsApi
{
    public static MyobResponse PostRefund(MyobApiRequest r)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        foreach (var field in new[] { "Account", "Invoice", "Customer" })
        {
            if (MyobApiRequest.LinkUid(body[field]) is null)
            {
                return MyobResponse.Required($"{field}.UID");
            }
        }

        var accountUid = MyobApiRequest.LinkUid(body["Account"])!.Value;
        var invoiceUid = MyobApiRequest.LinkUid(body["Invoice"])!.Value;
        var customerUid = MyobApiRequest.LinkUid(body["Customer"])!.Value;
        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        if (MyobApiRequest.Decimal(body["Amount"]) is not { } amount)
        {
            return MyobResponse.Required("Amount");
        }

        if (!r.File.Accounts.Exists(a => a.Uid == accountUid))
        {
            return MyobResponse.ReferenceNotFound("Account", accountUid);
        }

        if (r.File.Document(invoiceUid) is not { Side: MyobSide.Sale } credit)
        {
            return MyobResponse.ReferenceNotFound("Invoice", invoiceUid);
        }

        if (!credit.IsCredit)
        {
            // The Invoice is "the invoice to which the refund originated": the credit (contract §4).
            return MyobResponse.Rule("NotACredit", $"{credit.Number} is not a credit (status {credit.Status}); only a credit can be refunded.", "Invoice");
        }

        if (credit.CardUid != customerUid)
        {
            return MyobResponse.Rule("CardMismatch", "The Customer is not the credit's customer.", "Customer.UID");
        }

        if (MyobRules.Locked(r.File, date) is { } locked)
        {
            return locked;
        }

        if (amount <= 0m || amount > -credit.BalanceDue)
        {
            return MyobResponse.Rule("CreditAmountExceedsAvailableCredit", $"Amount must be more than 0 and at most the credit available ({(-credit.BalanceDue).ToString("0.00", CultureInfo.InvariantCulture)}).", "Amount");
        }

        var refund = new MyobRefundRecord
        {
            AccountUid = accountUid,
            InvoiceUid = invoiceUid,
            CustomerUid = customerUid,
            Number = MyobApiRequest.Text(body["Number"]),
            Date = date,
            Amount = amount,
            Payee = MyobApiRequest.Text(body["Payee"]),
            Memo = MyobApiRequest.Text(body["Memo"]),
            Created = r.Now,
            LastModified = r.Now,
            RowVersion = r.Store.NextRowVersion(),
        };
        credit.BalanceDue += amount;
        MyobSettlementsApi.Touch(r, credit);
        r.File.Refunds.Add(refund);
        return new MyobResponse(201, r.ReturnBody ? MyobWire.Refund(r, refund) : null) { Location = r.EntityUri(MyobWire.CreditRefundRoute, refund.Uid).AbsoluteUri };
    }

    public static MyobResponse DeleteRefund(MyobApiRequest r)
    {
        if (r.File.Refunds.Find(x => x.Uid == r.Uid) is not { } refund)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, refund.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.Document(refund.InvoiceUid) is { } credit)
        {
            credit.BalanceDue -= refund.Amount;
            MyobSettlementsApi.Touch(r, credit);
        }

        r.File.Refunds.Remove(refund);
        return MyobResponse.Ok();
    }

    public static MyobResponse PostPayment(MyobApiRequest r)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var depositTo = MyobApiRequest.Text(body["DepositTo"]);
        if (depositTo is not ("Account" or "UndepositedFunds"))
        {
            return MyobResponse.Required("DepositTo");
        }

        var accountUid = MyobApiRequest.LinkUid(body["Account"]);
        if (depositTo == "Account" && accountUid is null)
        {
            return MyobResponse.Required("Account.UID");
        }

        if (accountUid is { } a && !r.File.Accounts.Exists(x => x.Uid == a))
        {
            return MyobResponse.ReferenceNotFound("Account", a);
        }

        if (MyobApiRequest.LinkUid(body["Customer"]) is not { } customerUid)
        {
            return MyobResponse.Required("Customer.UID");
        }

        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        if (MyobRules.Locked(r.File, date) is { } locked)
        {
            return locked;
        }

        if (body["Invoices"] is not JsonArray { Count: > 0 } wire)
        {
            return MyobResponse.Required("Invoices");
        }

        var lines = new List<(Guid, decimal)>();
        foreach (var line in wire.OfType<JsonObject>())
        {
            var uid = MyobApiRequest.LinkUid(line) ?? Guid.Empty;
            if (r.File.Document(uid) is not { Side: MyobSide.Sale } invoice)
            {
                return MyobResponse.ReferenceNotFound("Invoices", uid);
            }

            var applied = MyobApiRequest.Decimal(line["AmountApplied"]) ?? 0m;
            if (invoice.IsCredit || invoice.CardUid != customerUid || invoice.Status != "Open" || applied <= 0m || applied > invoice.BalanceDue)
            {
                return MyobResponse.Rule("AmountAppliedExceedsBalanceDue", $"{invoice.Number} is not open for this customer or AmountApplied exceeds its balance due.", "Invoices.AmountApplied");
            }

            lines.Add((uid, applied));
        }

        var received = MyobApiRequest.Decimal(body["AmountReceived"]) ?? lines.Sum(l => l.Item2);
        if (received != lines.Sum(l => l.Item2))
        {
            // Contract §5: no unapplied-amount field; a payment cannot be left partly unapplied (UNVERIFIED).
            return MyobResponse.Rule("AmountsDoNotBalance", "AmountReceived must equal the sum of the invoices' AmountApplied.", "AmountReceived");
        }

        var payment = new MyobPaymentRecord
        {
            DepositTo = depositTo,
            AccountUid = accountUid,
            CustomerUid = customerUid,
            ReceiptNumber = MyobApiRequest.Text(body["ReceiptNumber"]),
            Date = date,
            AmountReceived = received,
            Memo = MyobApiRequest.Text(body["Memo"]),
            Invoices = lines,
            Created = r.Now,
            LastModified = r.Now,
            RowVersion = r.Store.NextRowVersion(),
        };
        foreach (var (uid, applied) in lines)
        {
            var invoice = r.File.Document(uid)!;
            invoice.BalanceDue -= applied;
            MyobSettlementsApi.Touch(r, invoice);
        }

        r.File.Payments.Add(payment);
        return new MyobResponse(201, r.ReturnBody ? MyobWire.Payment(r, payment) : null) { Location = r.EntityUri(MyobWire.CustomerPaymentRoute, payment.Uid).AbsoluteUri };
    }

    public static MyobResponse DeletePayment(MyobApiRequest r)
    {
        if (r.File.Payments.Find(p => p.Uid == r.Uid) is not { } payment)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, payment.Date) is { } locked)
        {
            return locked;
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
}
