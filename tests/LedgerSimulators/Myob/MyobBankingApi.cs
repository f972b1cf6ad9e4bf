using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Banking/ReceiveMoneyTxn</c> and <c>Banking/SpendMoneyTxn</c> (SDK Contracts/Version2/Banking: DepositTo / PayFrom,
/// Account, Contact, ReceiptNumber / PaymentNumber, Date, AmountReceived / AmountPaid, IsTaxInclusive, Memo,
/// Lines[{Account, TaxCode, Amount, Memo}]): money into or out of a bank account, allocated by line to any postable
/// account (a customer-deposit liability, a supplier-deposit asset). Created and deleted; the lock period applies.
/// </summary>
internal static class MyobBankingApi
{
    public static MyobResponse Post(MyobApiRequest r, bool receive)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var modeField = receive ? "DepositTo" : "PayFrom";
        var mode = MyobApiRequest.Text(body[modeField]) ?? (receive ? null : "Account");
        if (mode != "Account")
        {
            // The simulator serves money to or from an account only (no undeposited funds, no electronic payments batch).
            return MyobResponse.Required(modeField);
        }

        if (MyobApiRequest.LinkUid(body["Account"]) is not { } accountUid)
        {
            return MyobResponse.Required("Account.UID");
        }

        if (r.File.Accounts.Find(a => a.Uid == accountUid) is not { } bank)
        {
            return MyobResponse.ReferenceNotFound("Account", accountUid);
        }

        if (bank.Type is not ("Bank" or "CreditCard"))
        {
            return MyobResponse.Rule("AccountNotBanking", $"Account {bank.DisplayId} is not a bank or credit card account.", "Account.UID");
        }

        var contactUid = MyobApiRequest.LinkUid(body["Contact"]);
        if (contactUid is { } c && r.File.Card(c) is null)
        {
            return MyobResponse.ReferenceNotFound("Contact", c);
        }

        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        if (MyobRules.Locked(r.File, date) is { } locked)
        {
            return locked;
        }

        if (body["Lines"] is not JsonArray { Count: > 0 } wire)
        {
            return MyobResponse.Required("Lines");
        }

        var lines = new List<(Guid, Guid?, decimal, string?)>();
        foreach (var line in wire.OfType<JsonObject>())
        {
            if (MyobApiRequest.LinkUid(line["Account"]) is not { } lineAccount)
            {
                return MyobResponse.Required("Lines.Account.UID");
            }

            if (r.File.Accounts.Find(a => a.Uid == lineAccount) is not { } account)
            {
                return MyobResponse.ReferenceNotFound("Lines.Account", lineAccount);
            }

            if (account.IsHeader)
            {
                return MyobResponse.Rule("Line_AccountHeaderNotAllowed", $"Account {account.DisplayId} is a header account and cannot take postings.", "Lines.Account.UID");
            }

            var tax = MyobApiRequest.LinkUid(line["TaxCode"]);
            if (tax is { } t && !r.File.TaxCodes.Exists(x => x.Uid == t))
            {
                return MyobResponse.ReferenceNotFound("Lines.TaxCode", t);
            }

            if (MyobApiRequest.Decimal(line["Amount"]) is not { } amount || amount <= 0m)
            {
                return MyobResponse.Required("Lines.Amount");
            }

            lines.Add((lineAccount, tax, amount, MyobApiRequest.Text(line["Memo"])));
        }

        var total = lines.Sum(l => l.Item3);
        var totalField = receive ? "AmountReceived" : "AmountPaid";
        if (MyobApiRequest.Decimal(body[totalField]) is { } stated && stated != total)
        {
            return MyobResponse.Rule("AmountsDoNotBalance", $"{totalField} ({stated.ToString("0.00", CultureInfo.InvariantCulture)}) must equal the sum of the lines' Amount.", totalField);
        }

        var txn = new MyobBankTxnRecord
        {
            Receive = receive,
            AccountUid = accountUid,
            ContactUid = contactUid,
            Number = MyobApiRequest.Text(body[receive ? "ReceiptNumber" : "PaymentNumber"]),
            Date = date,
            Amount = total,
            IsTaxInclusive = body["IsTaxInclusive"] is JsonValue v && v.TryGetValue<bool>(out var inclusive) && inclusive,
            Memo = MyobApiRequest.Text(body["Memo"]),
            Lines = lines,
            Created = r.Now,
            LastModified = r.Now,
            RowVersion = r.Store.NextRowVersion(),
        };
        r.File.BankTransactions.Add(txn);
        var route = receive ? MyobWire.ReceiveMoneyRoute : MyobWire.SpendMoneyRoute;
        return new MyobResponse(201, r.ReturnBody ? MyobWire.BankTxn(r, txn) : null) { Location = r.EntityUri(route, txn.Uid).AbsoluteUri };
    }

    public static MyobResponse Delete(MyobApiRequest r, bool receive)
    {
        if (r.File.BankTransactions.Find(x => x.Uid == r.Uid && x.Receive == receive) is not { } txn)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, txn.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.TransactionsCannotBeChangedMustBeReversed)
        {
            return MyobResponse.Error(400, "TransactionsCannotBeDeleted", "Transactions cannot be deleted and must be reversed", null, 25003);
        }

        r.File.BankTransactions.Remove(txn);
        return MyobResponse.Ok();
    }

    public static IEnumerable<JsonObject> List(MyobApiRequest r, bool receive) =>
        r.File.BankTransactions.Where(x => x.Receive == receive).Select(x => MyobWire.BankTxn(r, x));

    public static MyobResponse Get(MyobApiRequest r, bool receive) =>
        r.File.BankTransactions.Find(x => x.Uid == r.Uid && x.Receive == receive) is { } x ? MyobResponse.Ok(MyobWire.BankTxn(r, x)) : MyobResponse.NotFound();
}
