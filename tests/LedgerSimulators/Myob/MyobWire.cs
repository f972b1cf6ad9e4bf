using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// Writes stored records in MYOB's wire shape (contract §1–§7): PascalCase, links as <c>{UID, URI, …}</c>, dates as
/// <c>YYYY-MM-DDT00:00:00</c> without an offset (§13). Under v1 semantics (no <c>x-myobapi-version: v2</c>, M1) UIDs,
/// URIs and RowVersions are left out: v1 has no GUIDs.
/// </summary>
internal static class MyobWire
{
    public const string SaleServiceRoute = "Sale/Invoice/Service";
    public const string SaleItemRoute = "Sale/Invoice/Item";
    public const string BillServiceRoute = "Purchase/Bill/Service";
    public const string CreditSettlementRoute = "Sale/CreditSettlement";
    public const string DebitSettlementRoute = "Purchase/DebitSettlement";
    public const string CreditRefundRoute = "Sale/CreditRefund";
    public const string CustomerPaymentRoute = "Sale/CustomerPayment";
    public const string SupplierPaymentRoute = "Purchase/SupplierPayment";
    public const string ReceiveMoneyRoute = "Banking/ReceiveMoneyTxn";
    public const string SpendMoneyRoute = "Banking/SpendMoneyTxn";
    public const string CustomerRoute = "Contact/Customer";
    public const string SupplierRoute = "Contact/Supplier";
    public const string AccountRoute = "GeneralLedger/Account";
    public const string TaxCodeRoute = "GeneralLedger/TaxCode";

    public static string DocumentRoute(MyobDocument d) => (d.Side, d.Layout) switch
    {
        (MyobSide.Sale, "Item") => SaleItemRoute,
        (MyobSide.Sale, _) => SaleServiceRoute,
        _ => BillServiceRoute,
    };

    public static string CardRoute(MyobSide side) => side == MyobSide.Sale ? CustomerRoute : SupplierRoute;

    public static string CardField(MyobSide side) => side == MyobSide.Sale ? "Customer" : "Supplier";

    public static JsonObject Document(MyobApiRequest r, MyobDocument d)
    {
        var card = r.File.Card(d.CardUid);
        var o = Base(r, d, DocumentRoute(d));
        o["Number"] = d.Number;
        o["Date"] = MyobApiRequest.FormatDate(d.Date);
        o[CardField(d.Side)] = Link(r, CardRoute(d.Side), d.CardUid, new() { ["Name"] = card?.CompanyName, ["DisplayID"] = card?.DisplayId });
        o["IsTaxInclusive"] = d.IsTaxInclusive;
        o["Subtotal"] = d.Subtotal;
        o["TotalTax"] = d.TotalTax;
        o["TotalAmount"] = d.TotalAmount;
        o["BalanceDueAmount"] = d.BalanceDue;
        o["Status"] = d.Status;
        o["JournalMemo"] = d.JournalMemo;
        if (r.RoutePath is "Sale/Invoice" or "Purchase/Bill")
        {
            o[d.Side == MyobSide.Sale ? "InvoiceType" : "BillType"] = d.Layout;
        }

        var lines = new JsonArray();
        foreach (var line in d.Lines)
        {
            var l = new JsonObject();
            if (r.Version2)
            {
                l["RowID"] = line.RowId;
                l["RowVersion"] = line.RowVersion;
            }

            l["Type"] = line.Type;
            l["Description"] = line.Description;
            l["Total"] = line.Total;
            if (line.AccountUid is { } account)
            {
                var record = r.File.Accounts.Find(a => a.Uid == account);
                l["Account"] = Link(r, AccountRoute, account, new() { ["Name"] = record?.Name, ["DisplayID"] = record?.DisplayId });
            }

            if (line.ItemUid is { } item)
            {
                l["Item"] = Link(r, "Inventory/Item", item, []);
                l["ShipQuantity"] = line.ShipQuantity;
                l["UnitPrice"] = line.UnitPrice;
            }

            if (line.TaxCodeUid is { } tax)
            {
                l["TaxCode"] = Link(r, TaxCodeRoute, tax, new() { ["Code"] = r.File.TaxCodes.Find(t => t.Uid == tax)?.Code });
            }

            lines.Add(l);
        }

        o["Lines"] = lines;
        return o;
    }

    public static JsonObject Settlement(MyobApiRequest r, MyobSettlementRecord s)
    {
        var sale = s.Side == MyobSide.Sale;
        var o = Base(r, s, sale ? CreditSettlementRoute : DebitSettlementRoute);
        var from = r.File.Document(s.FromDocumentUid);
        o[sale ? "CreditFromInvoice" : "DebitFromBill"] = Link(r, from is null ? SaleServiceRoute : DocumentRoute(from), s.FromDocumentUid, new() { ["Number"] = from?.Number });
        o[CardField(s.Side)] = Link(r, CardRoute(s.Side), s.CardUid, new() { ["Name"] = r.File.Card(s.CardUid)?.CompanyName });
        o["Number"] = s.Number;
        o["Date"] = MyobApiRequest.FormatDate(s.Date);
        o[sale ? "CreditAmount" : "DebitAmount"] = s.Amount;
        o["Memo"] = s.Memo;
        var lines = new JsonArray();
        foreach (var (uid, amount) in s.Lines)
        {
            var target = r.File.Document(uid);
            lines.Add(new JsonObject
            {
                ["Type"] = sale ? "Invoice" : "Bill",
                [sale ? "Sale" : "Purchase"] = Link(r, target is null ? SaleServiceRoute : DocumentRoute(target), uid, new() { ["Number"] = target?.Number }),
                ["AmountApplied"] = amount,
            });
        }

        o["Lines"] = lines;
        return o;
    }

    public static JsonObject Refund(MyobApiRequest r, MyobRefundRecord x)
    {
        var o = Base(r, x, CreditRefundRoute);
        var account = r.File.Accounts.Find(a => a.Uid == x.AccountUid);
        o["Account"] = Link(r, AccountRoute, x.AccountUid, new() { ["Name"] = account?.Name, ["DisplayID"] = account?.DisplayId });
        o["Invoice"] = Link(r, SaleServiceRoute, x.InvoiceUid, new() { ["Number"] = r.File.Document(x.InvoiceUid)?.Number });
        o["Customer"] = Link(r, CustomerRoute, x.CustomerUid, new() { ["Name"] = r.File.Card(x.CustomerUid)?.CompanyName });
        o["Number"] = x.Number;
        o["Date"] = MyobApiRequest.FormatDate(x.Date);
        o["Amount"] = x.Amount;
        o["Payee"] = x.Payee;
        o["Memo"] = x.Memo;
        return o;
    }

    /// <summary>A CustomerPayment (contract §5) or SupplierPayment (SDK SupplierPayment.cs), by the record's side.</summary>
    public static JsonObject Payment(MyobApiRequest r, MyobPaymentRecord p)
    {
        var sale = p.Side == MyobSide.Sale;
        var o = Base(r, p, sale ? CustomerPaymentRoute : SupplierPaymentRoute);
        o[sale ? "DepositTo" : "PayFrom"] = p.DepositTo;
        var account = p.AccountUid is { } a ? r.File.Accounts.Find(x => x.Uid == a) : null;
        o["Account"] = p.AccountUid is { } uid ? Link(r, AccountRoute, uid, new() { ["Name"] = account?.Name, ["DisplayID"] = account?.DisplayId }) : null;
        o[CardField(p.Side)] = Link(r, CardRoute(p.Side), p.CustomerUid, new() { ["Name"] = r.File.Card(p.CustomerUid)?.CompanyName, ["DisplayID"] = r.File.Card(p.CustomerUid)?.DisplayId });
        o[sale ? "ReceiptNumber" : "PaymentNumber"] = p.ReceiptNumber;
        o["Date"] = MyobApiRequest.FormatDate(p.Date);
        o[sale ? "AmountReceived" : "AmountPaid"] = p.AmountReceived;
        o["Memo"] = p.Memo;
        var lines = new JsonArray();
        var row = 0;
        foreach (var (documentUid, amount) in p.Invoices)
        {
            var document = r.File.Document(documentUid);
            if (sale)
            {
                lines.Add(new JsonObject
                {
                    ["RowID"] = ++row,
                    ["Number"] = document?.Number,
                    ["UID"] = r.Version2 ? documentUid.ToString() : null,
                    ["Type"] = "Invoice",
                    ["AmountApplied"] = amount,
                });
            }
            else
            {
                lines.Add(new JsonObject
                {
                    ["RowID"] = ++row,
                    ["Type"] = "Bill",
                    ["Purchase"] = Link(r, document is null ? BillServiceRoute : DocumentRoute(document), documentUid, new() { ["Number"] = document?.Number }),
                    ["AmountApplied"] = amount,
                });
            }
        }

        o[sale ? "Invoices" : "Lines"] = lines;
        return o;
    }

    /// <summary>A ReceiveMoneyTxn or SpendMoneyTxn (SDK Contracts/Version2/Banking).</summary>
    public static JsonObject BankTxn(MyobApiRequest r, MyobBankTxnRecord x)
    {
        var o = Base(r, x, x.Receive ? ReceiveMoneyRoute : SpendMoneyRoute);
        var bank = r.File.Accounts.Find(a => a.Uid == x.AccountUid);
        o[x.Receive ? "DepositTo" : "PayFrom"] = "Account";
        o["Account"] = Link(r, AccountRoute, x.AccountUid, new() { ["Name"] = bank?.Name, ["DisplayID"] = bank?.DisplayId });
        var card = x.ContactUid is { } c ? r.File.Card(c) : null;
        o["Contact"] = x.ContactUid is { } contact ? Link(r, card is null ? CustomerRoute : CardRoute(card.Side), contact, new() { ["Name"] = card?.CompanyName, ["DisplayID"] = card?.DisplayId, ["Type"] = card?.Side == MyobSide.Purchase ? "Supplier" : "Customer" }) : null;
        o[x.Receive ? "ReceiptNumber" : "PaymentNumber"] = x.Number;
        o["Date"] = MyobApiRequest.FormatDate(x.Date);
        o[x.Receive ? "AmountReceived" : "AmountPaid"] = x.Amount;
        o["IsTaxInclusive"] = x.IsTaxInclusive;
        o["Memo"] = x.Memo;
        var lines = new JsonArray();
        var row = 0;
        foreach (var (accountUid, taxUid, amount, memo) in x.Lines)
        {
            var account = r.File.Accounts.Find(a => a.Uid == accountUid);
            lines.Add(new JsonObject
            {
                ["RowID"] = ++row,
                ["Account"] = Link(r, AccountRoute, accountUid, new() { ["Name"] = account?.Name, ["DisplayID"] = account?.DisplayId }),
                ["TaxCode"] = taxUid is { } t ? Link(r, TaxCodeRoute, t, new() { ["Code"] = r.File.TaxCodes.Find(c => c.Uid == t)?.Code }) : null,
                ["Amount"] = amount,
                ["Memo"] = memo,
            });
        }

        o["Lines"] = lines;
        return o;
    }

    public static JsonObject Card(MyobApiRequest r, MyobCard c)
    {
        var o = Base(r, c, CardRoute(c.Side));
        o["DisplayID"] = c.DisplayId;
        o["CompanyName"] = c.CompanyName;
        o["IsIndividual"] = c.IsIndividual;
        o["IsActive"] = c.IsActive;
        return o;
    }

    public static JsonObject Account(MyobApiRequest r, MyobAccountRecord a)
    {
        var o = Base(r, a, AccountRoute);
        o["DisplayID"] = a.DisplayId;
        o["Name"] = a.Name;
        o["Type"] = a.Type;
        o["IsHeader"] = a.IsHeader;
        o["IsActive"] = true;
        return o;
    }

    public static JsonObject TaxCode(MyobApiRequest r, MyobTaxCodeRecord t)
    {
        var o = Base(r, t, TaxCodeRoute);
        o["Code"] = t.Code;
        o["Description"] = t.Description;
        o["Type"] = t.Type;
        o["Rate"] = (double)t.Rate;
        return o;
    }

    public static JsonObject Preferences(MyobApiRequest r) => new()
    {
        ["System"] = new JsonObject
        {
            ["LockPeriodPriorTo"] = r.File.LockPeriodPriorTo is { } locked ? MyobApiRequest.FormatDate(locked) : null,
            ["TransactionsCannotBeChangedMustBeReversed"] = r.File.TransactionsCannotBeChangedMustBeReversed,
        },
        ["RowVersion"] = r.Version2 ? r.File.PreferencesRowVersion : null,
    };

    private static JsonObject Base(MyobApiRequest r, MyobRecord record, string route)
    {
        var o = new JsonObject();
        if (r.Version2)
        {
            o["UID"] = record.Uid.ToString();
            if (r.GenerateUris)
            {
                o["URI"] = r.EntityUri(route, record.Uid).AbsoluteUri;
            }

            o["RowVersion"] = record.RowVersion;
        }

        o["Created"] = MyobApiRequest.FormatTimestamp(record.Created);
        o["LastModified"] = MyobApiRequest.FormatTimestamp(record.LastModified);
        return o;
    }

    private static JsonObject? Link(MyobApiRequest r, string route, Guid uid, Dictionary<string, JsonNode?> extras)
    {
        var o = new JsonObject();
        if (r.Version2)
        {
            o["UID"] = uid.ToString();
            if (r.GenerateUris)
            {
                o["URI"] = r.EntityUri(route, uid).AbsoluteUri;
            }
        }

        foreach (var (key, value) in extras)
        {
            o[key] = value;
        }

        return o;
    }
}
