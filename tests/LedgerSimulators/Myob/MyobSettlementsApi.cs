using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Sale/CreditSettlement</c> (and its purchase twin <c>Purchase/DebitSettlement</c>): apply a credit to open invoices
/// of the same card (M3; contract §3). <c>CreditAmount</c> "can only be less than or equal to" the credit left, and the
/// lines must add up to it. Documented as "Return, create and delete": PUT is refused (contract §3, §14 M3).
/// </summary>
internal static class MyobSettlementsApi
{
    public static MyobResponse Post(MyobApiRequest r, MyobSide side)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var sale = side == MyobSide.Sale;
        var fromField = sale ? "CreditFromInvoice" : "DebitFromBill";
        var amountField = sale ? "CreditAmount" : "DebitAmount";
        var cardField = MyobWire.CardField(side);
        var lineLink = sale ? "Sale" : "Purchase";
        if (MyobApiRequest.LinkUid(body[fromField]) is not { } fromUid)
        {
            return MyobResponse.Required($"{fromField}.UID");
        }

        if (MyobApiRequest.LinkUid(body[cardField]) is not { } cardUid)
        {
            return MyobResponse.Required($"{cardField}.UID");
        }

        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        if (MyobApiRequest.Decimal(body[amountField]) is not { } amount)
        {
            return MyobResponse.Required(amountField);
        }

        if (r.File.Document(fromUid) is not { } credit || credit.Side != side)
        {
            return MyobResponse.ReferenceNotFound(fromField, fromUid);
        }

        if (!credit.IsCredit)
        {
            return MyobResponse.Rule("NotACredit", $"{credit.Number} is not a credit (its status is {credit.Status}); only a negative {(sale ? "sale" : "bill")} can be settled.", fromField);
        }

        if (credit.CardUid != cardUid)
        {
            return MyobResponse.Rule("CardMismatch", $"The {cardField} is not the credit's {cardField}.", $"{cardField}.UID");
        }

        if (MyobRules.Locked(r.File, date) is { } locked)
        {
            return locked;
        }

        var available = -credit.BalanceDue;
        if (amount <= 0m || amount > available)
        {
            return MyobResponse.Rule(
                "CreditAmountExceedsAvailableCredit",
                $"{amountField} must be more than 0 and can only be less than or equal to the credit available ({available.ToString("0.00", CultureInfo.InvariantCulture)}).",
                amountField);
        }

        if (body["Lines"] is not JsonArray { Count: > 0 } wireLines)
        {
            return MyobResponse.Required("Lines");
        }

        var lines = new List<(Guid, decimal)>();
        foreach (var line in wireLines.OfType<JsonObject>())
        {
            if (MyobApiRequest.LinkUid(line[lineLink]) is not { } targetUid)
            {
                return MyobResponse.Required($"Lines.{lineLink}.UID");
            }

            if (r.File.Document(targetUid) is not { } target || target.Side != side)
            {
                return MyobResponse.ReferenceNotFound($"Lines.{lineLink}", targetUid);
            }

            var applied = MyobApiRequest.Decimal(line["AmountApplied"]) ?? 0m;
            if (target.IsCredit || target.CardUid != cardUid || target.Status != "Open")
            {
                return MyobResponse.Rule("InvoiceNotOpen", $"{target.Number} is not an open {(sale ? "invoice" : "bill")} of this {cardField.ToLowerInvariant()} (status {target.Status}).", $"Lines.{lineLink}");
            }

            if (applied <= 0m || applied > target.BalanceDue - lines.Where(l => l.Item1 == targetUid).Sum(l => l.Item2))
            {
                return MyobResponse.Rule("AmountAppliedExceedsBalanceDue", $"AmountApplied to {target.Number} must be more than 0 and at most its balance due ({target.BalanceDue.ToString("0.00", CultureInfo.InvariantCulture)}).", "Lines.AmountApplied");
            }

            lines.Add((targetUid, applied));
        }

        if (lines.Sum(l => l.Item2) != amount)
        {
            return MyobResponse.Rule("AmountsDoNotBalance", $"The lines' AmountApplied must add up to {amountField}.", amountField);
        }

        var number = MyobApiRequest.Text(body["Number"]) is { Length: > 0 } given
            ? given
            : "CS" + (++r.File.LastSettlementNumber).ToString("D6", CultureInfo.InvariantCulture); // "auto increment based upon last recorded" (§3)
        var settlement = new MyobSettlementRecord
        {
            Side = side,
            FromDocumentUid = fromUid,
            CardUid = cardUid,
            Number = number,
            Date = date,
            Amount = amount,
            Memo = MyobApiRequest.Text(body["Memo"]),
            Lines = lines,
            Created = r.Now,
            LastModified = r.Now,
            RowVersion = r.Store.NextRowVersion(),
        };
        credit.BalanceDue += amount;
        Touch(r, credit);
        foreach (var (uid, applied) in lines)
        {
            var target = r.File.Document(uid)!;
            target.BalanceDue -= applied;
            Touch(r, target);
        }

        r.File.Settlements.Add(settlement);
        var route = sale ? MyobWire.CreditSettlementRoute : MyobWire.DebitSettlementRoute;
        return new MyobResponse(201, r.ReturnBody ? MyobWire.Settlement(r, settlement) : null) { Location = r.EntityUri(route, settlement.Uid).AbsoluteUri };
    }

    public static MyobResponse Delete(MyobApiRequest r, MyobSide side)
    {
        var settlement = r.File.Settlements.Find(s => s.Uid == r.Uid && s.Side == side);
        if (settlement is null)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, settlement.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.TransactionsCannotBeChangedMustBeReversed)
        {
            return MyobResponse.Error(400, "TransactionsCannotBeDeleted", "Transactions cannot be deleted and must be reversed", null, 25003);
        }

        if (r.File.Document(settlement.FromDocumentUid) is { } credit)
        {
            credit.BalanceDue -= settlement.Amount;
            Touch(r, credit);
        }

        foreach (var (uid, applied) in settlement.Lines)
        {
            if (r.File.Document(uid) is { } target)
            {
                target.BalanceDue += applied;
                Touch(r, target);
            }
        }

        r.File.Settlements.Remove(settlement);
        return MyobResponse.Ok();
    }

    public static IEnumerable<JsonObject> List(MyobApiRequest r, MyobSide side) =>
        r.File.Settlements.Where(s => s.Side == side).Select(s => MyobWire.Settlement(r, s));

    public static MyobResponse Get(MyobApiRequest r, MyobSide side) =>
        r.File.Settlements.Find(s => s.Uid == r.Uid && s.Side == side) is { } s ? MyobResponse.Ok(MyobWire.Settlement(r, s)) : MyobResponse.NotFound();

    internal static void Touch(MyobApiRequest r, MyobRecord record)
    {
        record.LastModified = r.Now;
        record.RowVersion = r.Store.NextRowVersion();
    }
}
