using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Sale/CreditRefund</c> (pay a credit out, contract §4; M3: <c>Amount</c> ≤ the credit). "Return, create and delete".
/// Payments are in <see cref="MyobPaymentsApi"/>.
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
}
