using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// <c>Sale/Invoice/{Service,Item}</c> and <c>Purchase/Bill/Service</c> (contract §2, §8): a credit note is a negative
/// sale (M2) and a supplier's credit a negative bill. A document whose lines are all negative is a credit
/// (Status <c>Credit</c>/<c>Debit</c>); one with lines of both signs posts as a normal sale (M2: "mixed positive and
/// negative lines can post as a normal sale") — the trap the adapter avoids.
/// </summary>
internal static class MyobDocumentsApi
{
    private const int MaxNumberLength = 13; // contract §2: Number string (13)

    public static MyobResponse Post(MyobApiRequest r, MyobSide side, string layout)
    {
        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var document = new MyobDocument { Side = side, Layout = layout, Created = r.Now, LastModified = r.Now };
        if (Apply(r, document, body) is { } refused)
        {
            return refused;
        }

        if (document.Number.Length == 0)
        {
            // Auto-numbered if blank (contract §2, ODBC-Link wiki, secondary).
            document.Number = (++r.File.LastDocumentNumber).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        }

        document.RowVersion = r.Store.NextRowVersion();
        document.BalanceDue = document.TotalAmount;
        r.File.Documents.Add(document);
        return Created(r, document);
    }

    public static MyobResponse Put(MyobApiRequest r, MyobSide side, string layout)
    {
        var document = r.File.Document(r.Uid!.Value);
        if (document is null || document.Side != side || document.Layout != layout)
        {
            return MyobResponse.NotFound(); // "PUT only supports update operations" (contract §8)
        }

        var body = r.Body!;
        if (MyobRules.RowVersionOnPut(body, document) is { } stale)
        {
            return stale;
        }

        if (MyobRules.Locked(r.File, document.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.TransactionsCannotBeChangedMustBeReversed)
        {
            // The preference's own words (contract §7): changes, like deletes, must be reversals instead.
            return MyobResponse.Error(400, "TransactionsCannotBeDeleted", "Transactions cannot be changed and must be reversed", null, 25003);
        }

        if (Applied(r.File, document) is { } applied)
        {
            return applied;
        }

        // Lines keep their RowID (and must carry its RowVersion) or are new; lines left out are removed (contract §2).
        foreach (var line in (body["Lines"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (line["RowID"] is JsonValue v && v.TryGetValue<int>(out var rowId))
            {
                var existing = document.Lines.Find(l => l.RowId == rowId);
                if (existing is null || MyobApiRequest.Text(line["RowVersion"]) != existing.RowVersion)
                {
                    return MyobRules.Conflict($"Line {rowId}'s RowVersion does not match the current one.");
                }
            }
        }

        var updated = new MyobDocument { Uid = document.Uid, Side = side, Layout = layout, Created = document.Created, LastModified = r.Now };
        if (Apply(r, updated, body, document) is { } refused)
        {
            return refused;
        }

        document.Number = updated.Number.Length > 0 ? updated.Number : document.Number;
        document.Date = updated.Date;
        document.CardUid = updated.CardUid;
        document.IsTaxInclusive = updated.IsTaxInclusive;
        document.JournalMemo = updated.JournalMemo;
        document.Lines = updated.Lines;
        document.Subtotal = updated.Subtotal;
        document.TotalTax = updated.TotalTax;
        document.TotalAmount = updated.TotalAmount;
        document.IsCredit = updated.IsCredit;
        document.BalanceDue = updated.TotalAmount;
        document.LastModified = r.Now;
        document.RowVersion = r.Store.NextRowVersion();
        return r.ReturnBody ? MyobResponse.Ok(MyobWire.Document(r, document)) : MyobResponse.Ok();
    }

    public static MyobResponse Delete(MyobApiRequest r, MyobSide side, string layout)
    {
        var document = r.File.Document(r.Uid!.Value);
        if (document is null || document.Side != side || document.Layout != layout)
        {
            return MyobResponse.NotFound();
        }

        if (MyobRules.Locked(r.File, document.Date) is { } locked)
        {
            return locked;
        }

        if (r.File.TransactionsCannotBeChangedMustBeReversed)
        {
            // Contract §7, §10: 400 TransactionsCannotBeDeleted / 25003.
            return MyobResponse.Error(400, "TransactionsCannotBeDeleted", "Transactions cannot be deleted and must be reversed", null, 25003);
        }

        if (Applied(r.File, document) is { } applied)
        {
            return applied;
        }

        r.File.Documents.Remove(document);
        return MyobResponse.Ok();
    }

    public static IEnumerable<JsonObject> List(MyobApiRequest r, MyobSide side, string? layout) =>
        r.File.Documents.Where(d => d.Side == side && (layout is null || d.Layout == layout)).Select(d => MyobWire.Document(r, d));

    public static MyobResponse Get(MyobApiRequest r, MyobSide side, string? layout) =>
        r.File.Document(r.Uid!.Value) is { } d && d.Side == side && (layout is null || d.Layout == layout)
            ? MyobResponse.Ok(MyobWire.Document(r, d))
            : MyobResponse.NotFound();

    /// <summary>
    /// A document something is applied to (a settlement, refund or payment) cannot be changed or deleted until those are
    /// deleted. MYOB's pages fetched do not state this rule (UNVERIFIED); the simulator enforces it as Xero does
    /// (ledger-apis.md X7), which is why the adapter removes settlements before it amends or voids (docs/myob.md).
    /// </summary>
    private static MyobResponse? Applied(MyobCompanyFile file, MyobDocument document)
    {
        var used = file.Settlements.Any(s => s.FromDocumentUid == document.Uid || s.Lines.Any(l => l.DocumentUid == document.Uid))
                   || file.Refunds.Any(x => x.InvoiceUid == document.Uid)
                   || file.Payments.Any(p => p.Invoices.Any(i => i.DocumentUid == document.Uid));
        return used
            ? MyobResponse.Rule(
                "TransactionHasAppliedAmounts",
                $"{(document.IsCredit ? "This credit" : "This transaction")} ({document.Number}) has settlements, refunds or payments applied; delete them before changing or deleting it.")
            : null;
    }

    private static MyobResponse Created(MyobApiRequest r, MyobDocument document) =>
        new(201, r.ReturnBody ? MyobWire.Document(r, document) : null) { Location = r.EntityUri(MyobWire.DocumentRoute(document), document.Uid).AbsoluteUri };

    /// <summary>Validates <paramref name="body"/> and fills <paramref name="target"/>; the error to answer, or null.</summary>
    private static MyobResponse? Apply(MyobApiRequest r, MyobDocument target, JsonObject body, MyobDocument? current = null)
    {
        var side = target.Side;
        var number = MyobApiRequest.Text(body["Number"]) ?? current?.Number ?? "";
        if (number.Length > MaxNumberLength)
        {
            return MyobResponse.Rule("MaxLengthExceeded", $"Number must be {MaxNumberLength} characters or fewer.", "Number");
        }

        if (MyobApiRequest.ParseDate(body["Date"]) is not { } date)
        {
            return MyobResponse.Required("Date");
        }

        if (MyobRules.Locked(r.File, date) is { } locked)
        {
            return locked;
        }

        var cardField = MyobWire.CardField(side);
        if (MyobApiRequest.LinkUid(body[cardField]) is not { } cardUid)
        {
            return MyobResponse.Required($"{cardField}.UID");
        }

        if (r.File.Card(cardUid) is not { } card || card.Side != side)
        {
            // Contract §10 (SDK issue #279): 400 CustomerNotFound / 11003 for an unknown Customer.UID.
            return side == MyobSide.Sale
                ? MyobResponse.Error(400, "CustomerNotFound", $"The Customer with UID of '{cardUid}' cannot be found.", "Customer.UID", 11003)
                : MyobResponse.ReferenceNotFound("Supplier", cardUid);
        }

        if (body["Lines"] is not JsonArray { Count: > 0 } wireLines)
        {
            return MyobResponse.Required("Lines");
        }

        var inclusive = body["IsTaxInclusive"] is JsonValue t && t.TryGetValue<bool>(out var flag) && flag;
        var lines = new List<MyobLine>();
        decimal subtotal = 0m, tax = 0m;
        var nextRow = current?.Lines.Count > 0 ? current.Lines.Max(l => l.RowId) : 0;
        foreach (var wire in wireLines.OfType<JsonObject>())
        {
            var type = MyobApiRequest.Text(wire["Type"]) ?? "Transaction";
            if (type != "Transaction")
            {
                lines.Add(new MyobLine { RowId = ++nextRow, RowVersion = r.Store.NextRowVersion(), Type = type, Description = MyobApiRequest.Text(wire["Description"]) });
                continue;
            }

            if (MyobApiRequest.Decimal(wire["Total"]) is not { } total)
            {
                return MyobResponse.Required("Lines.Total");
            }

            decimal? quantity = null, unitPrice = null;
            Guid? itemUid = null, accountUid = null;
            if (target.Layout == "Item")
            {
                quantity = MyobApiRequest.Decimal(wire["ShipQuantity"]);
                unitPrice = MyobApiRequest.Decimal(wire["UnitPrice"]);
                if (quantity < 0m)
                {
                    // M2 (SDK issue #76): negative quantities on Item sales raised CommonRules_DecimalMinValue.
                    return MyobResponse.Error(400, "CommonRules_DecimalMinValue", "ShipQuantity must be greater than or equal to 0.", "Lines.ShipQuantity");
                }

                itemUid = MyobApiRequest.LinkUid(wire["Item"]);
                if (itemUid is null)
                {
                    return MyobResponse.Required("Lines.Item.UID");
                }
            }
            else
            {
                if (MyobApiRequest.LinkUid(wire["Account"]) is not { } account)
                {
                    return MyobResponse.Required("Lines.Account.UID");
                }

                var record = r.File.Accounts.Find(a => a.Uid == account);
                if (record is null)
                {
                    return MyobResponse.ReferenceNotFound("Account", account);
                }

                if (record.IsHeader)
                {
                    // Contract §7: header accounts cannot take postings (Ocerra, secondary).
                    return MyobResponse.Rule("Line_AccountHeaderNotAllowed", $"Account {record.DisplayId} is a header account and cannot take postings.", "Lines.Account.UID");
                }

                accountUid = account;
            }

            if (MyobApiRequest.LinkUid(wire["TaxCode"]) is not { } taxUid)
            {
                return MyobResponse.Required("Lines.TaxCode.UID");
            }

            if (r.File.TaxCodes.Find(c => c.Uid == taxUid) is not { } taxCode)
            {
                return MyobResponse.ReferenceNotFound("TaxCode", taxUid);
            }

            var lineTax = Math.Round(inclusive ? total * taxCode.Rate / (100m + taxCode.Rate) : total * taxCode.Rate / 100m, 2, MidpointRounding.AwayFromZero);
            subtotal += total;
            tax += lineTax;
            lines.Add(new MyobLine
            {
                RowId = ++nextRow,
                RowVersion = r.Store.NextRowVersion(),
                Description = MyobApiRequest.Text(wire["Description"]),
                Total = total,
                AccountUid = accountUid,
                TaxCodeUid = taxUid,
                ItemUid = itemUid,
                ShipQuantity = quantity,
                UnitPrice = unitPrice,
            });
        }

        var transactions = lines.Where(l => l.Type == "Transaction").ToList();
        target.Number = number;
        target.Date = date;
        target.CardUid = card.Uid;
        target.IsTaxInclusive = inclusive;
        target.JournalMemo = MyobApiRequest.Text(body["JournalMemo"]);
        target.Lines = lines;
        target.Subtotal = subtotal;
        target.TotalTax = tax;
        target.TotalAmount = inclusive ? subtotal : subtotal + tax;

        // M2: only a document whose every line is negative is a credit; mixed signs post as a normal sale.
        target.IsCredit = transactions.Count > 0 && transactions.All(l => l.Total < 0m);
        return null;
    }
}
