using System.Text.Json;
using CreditFunctions.Documents;

namespace CreditFunctions.Payments;

/// <summary>
/// Reads the <c>data</c> of a money event (docs/payments.md "Contract") with the credit note's rules
/// (<see cref="CreditNoteRules"/>): ids are safe keys, amounts are exact decimals at the currency's precision and
/// greater than 0, dates are <c>yyyy-MM-dd</c>, and every problem is reported with the field's path. A created
/// document's <c>kind</c> is required as a credit note's is; customer credits are receivable and supplier deposits
/// payable by their event type.
/// </summary>
internal static class MoneyEventRules
{
    private static readonly string RefundTargets = string.Join(", ", RefundTarget.All.Select(t => t.Name));

    /// <summary>
    /// Application amounts carry no currency (the credit has it), so they are held to the finest ISO 4217 precision
    /// here; the credit's own precision is the ledger's to enforce.
    /// </summary>
    private static readonly int FinestPrecision = Currencies.Codes.Max(c => Currencies.Precision(c)!.Value);

    /// <summary>What a money event is about, read from its <c>data</c>; null when anything in it is broken.</summary>
    public static MoneyEventBody? Read(JsonElement data, MoneyEventType type, JsonFieldReader fields)
    {
        var name = MoneyEventNames.DataProperty(type);
        if (fields.Object(data, "data", name) is not { } element)
        {
            return null;
        }

        var path = JsonFieldReader.Path("data", name);
        var errorsBefore = fields.Errors.Count;
        var body = type switch
        {
            MoneyEventType.PaymentCreated => Created(ReadPayment(element, path, fields)),
            MoneyEventType.PaymentDeleted => OrderEventReader.ReadId(element, path, "id", fields) is { } id
                ? new MoneyEventBody(MoneyDocumentKind.Payment, id, null, null)
                : null,
            MoneyEventType.RefundCreated => Created(ReadRefund(element, path, fields)),
            MoneyEventType.OverpaymentCreated => Created(ReadOverpayment(element, path, fields)),
            MoneyEventType.CustomerCreditCreated => Created(ReadPrepaidCredit(element, path, CreditNoteKind.Receivable, fields)),
            MoneyEventType.SupplierDepositCreated => Created(ReadPrepaidCredit(element, path, CreditNoteKind.Payable, fields)),
            MoneyEventType.CustomerCreditApplied => ReadApplication(element, path, MoneyDocumentKind.CustomerCredit, fields),
            MoneyEventType.SupplierDepositApplied => ReadApplication(element, path, MoneyDocumentKind.SupplierDeposit, fields),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown money event type."),
        };
        return fields.Errors.Count == errorsBefore ? body : null;
    }

    private static MoneyEventBody? Created(MoneyDocument? document) =>
        document is null ? null : new MoneyEventBody(document.DocumentKind, document.Id, document, null);

    private static PaymentDocument? ReadPayment(JsonElement element, string path, JsonFieldReader fields)
    {
        var common = ReadCommon(element, path, kind: null, fields);
        var invoiceNumber = fields.String(element, path, "invoiceNumber", required: true, DocumentLimits.MaxTextLength);
        var (bankAccountCode, reference) = ReadBankAndReference(element, path, fields);
        return common is { } c && invoiceNumber is not null
            ? new PaymentDocument(c.Id, c.Kind, c.Contact, c.Date, c.Currency, c.Amount, invoiceNumber, bankAccountCode, reference)
            : null;
    }

    private static RefundDocument? ReadRefund(JsonElement element, string path, JsonFieldReader fields)
    {
        var common = ReadCommon(element, path, kind: null, fields);
        var of = ReadRefundOf(element, path, fields);
        var (bankAccountCode, reference) = ReadBankAndReference(element, path, fields);
        var writeOff = ReadWriteOff(element, path, common?.Precision, fields);

        if (of is { Document: MoneyDocumentKind.CustomerCredit } && common is { Kind: CreditNoteKind.Payable })
        {
            fields.Add(JsonFieldReader.Path(path, "kind"), "must be receivable when a customer credit is refunded (of.customerCreditId).");
        }

        if (IsPresent(element, "writeOff") && of is not null && of.Document != MoneyDocumentKind.Payment)
        {
            fields.Add(JsonFieldReader.Path(path, "writeOff"), "is only allowed when a payment is refunded (of.paymentId).");
        }

        return common is { } c && of is not null
            ? new RefundDocument(c.Id, c.Kind, c.Contact, c.Date, c.Currency, c.Amount, of, bankAccountCode, reference, writeOff)
            : null;
    }

    /// <summary><c>of</c> names exactly one document; the error names the ones given when there are several.</summary>
    private static RefundOf? ReadRefundOf(JsonElement refund, string path, JsonFieldReader fields)
    {
        if (fields.Object(refund, path, "of") is not { } of)
        {
            return null;
        }

        var ofPath = JsonFieldReader.Path(path, "of");
        var given = RefundTarget.All.Where(t => IsPresent(of, t.Name)).ToArray();
        if (given.Length != 1)
        {
            var named = given.Length == 0 ? "names none" : "names " + string.Join(" and ", given.Select(t => t.Name));
            fields.Add(ofPath, $"{named}; it must name exactly one of {RefundTargets}.");
            return null;
        }

        var target = given[0];
        var id = OrderEventReader.ReadId(of, ofPath, target.Name, fields);
        return id is null ? null : target.Document is { } kind ? RefundOf.Money(kind, id) : RefundOf.CreditNote(id);
    }

    private static WriteOff? ReadWriteOff(JsonElement refund, string path, int? precision, JsonFieldReader fields)
    {
        if (fields.Object(refund, path, "writeOff", required: false) is not { } writeOff)
        {
            return null;
        }

        var writeOffPath = JsonFieldReader.Path(path, "writeOff");
        var amount = PositiveAmount(writeOff, writeOffPath, "amount", precision, fields);
        var accountCode = fields.String(writeOff, writeOffPath, "accountCode", required: true, DocumentLimits.MaxCodeLength);
        var taxType = fields.String(writeOff, writeOffPath, "taxType", required: false, DocumentLimits.MaxCodeLength);
        return amount is { } a && accountCode is not null ? new WriteOff(a, accountCode, taxType) : null;
    }

    private static OverpaymentDocument? ReadOverpayment(JsonElement element, string path, JsonFieldReader fields)
    {
        var common = ReadCommon(element, path, kind: null, fields);
        var invoiceNumber = fields.String(element, path, "invoiceNumber", required: false, DocumentLimits.MaxTextLength);
        var applied = CreditNoteRules.Money(element, path, "appliedToInvoice", common?.Precision, fields, minimum: 0m);
        var (bankAccountCode, reference) = ReadBankAndReference(element, path, fields);

        if (applied is { } a && common is { } amount && a >= amount.Amount)
        {
            fields.Add(JsonFieldReader.Path(path, "appliedToInvoice"), $"must be less than amount ({amount.Amount}): a payment that all goes to the invoice is a payment, not an overpayment.");
        }

        var hasInvoice = IsPresent(element, "invoiceNumber");
        if (applied is > 0m && !hasInvoice)
        {
            fields.Add(JsonFieldReader.Path(path, "invoiceNumber"), "is required when appliedToInvoice is more than 0.");
        }
        else if (applied is 0m && hasInvoice)
        {
            fields.Add(JsonFieldReader.Path(path, "invoiceNumber"), "must be left out when appliedToInvoice is 0 (nothing is applied to an invoice).");
        }

        return common is { } c && applied is { } settled
            ? new OverpaymentDocument(c.Id, c.Kind, c.Contact, c.Date, c.Currency, c.Amount, invoiceNumber, settled, bankAccountCode, reference)
            : null;
    }

    private static PrepaidCreditDocument? ReadPrepaidCredit(JsonElement element, string path, CreditNoteKind kind, JsonFieldReader fields)
    {
        var common = ReadCommon(element, path, kind, fields);
        var bankAccountCode = fields.String(element, path, "bankAccountCode", required: false, DocumentLimits.MaxCodeLength);
        var holdingAccountCode = fields.String(element, path, "holdingAccountCode", required: false, DocumentLimits.MaxCodeLength);
        var reference = fields.String(element, path, "reference", required: false, DocumentLimits.MaxTextLength);
        return common is { } c
            ? new PrepaidCreditDocument(c.Id, c.Kind, c.Contact, c.Date, c.Currency, c.Amount, bankAccountCode, holdingAccountCode, reference)
            : null;
    }

    /// <summary>
    /// An application of a credit to an invoice. <c>creditType</c> says which kind of credit <c>creditId</c> is: the
    /// event's own (customer credit or supplier deposit) by default, or an overpayment.
    /// </summary>
    private static MoneyEventBody? ReadApplication(JsonElement element, string path, MoneyDocumentKind ownKind, JsonFieldReader fields)
    {
        var id = OrderEventReader.ReadId(element, path, "id", fields);
        var creditId = OrderEventReader.ReadId(element, path, "creditId", fields);
        var creditKind = ownKind;
        var creditTypeText = fields.String(element, path, "creditType", required: false, 20);
        if (creditTypeText is not null)
        {
            if (MoneyEventNames.ParseCreditType(creditTypeText) is { } parsed && (parsed == ownKind || parsed == MoneyDocumentKind.Overpayment))
            {
                creditKind = parsed;
            }
            else
            {
                fields.Add(JsonFieldReader.Path(path, "creditType"), $"must be one of {MoneyEventNames.CreditType(ownKind)}, {MoneyEventNames.CreditType(MoneyDocumentKind.Overpayment)}.");
            }
        }

        var invoiceNumber = fields.String(element, path, "invoiceNumber", required: true, DocumentLimits.MaxTextLength);
        var amount = PositiveAmount(element, path, "amount", FinestPrecision, fields);
        var date = fields.Date(element, path, "date");
        return id is not null && creditId is not null && invoiceNumber is not null && amount is { } a && date is { } d
            ? new MoneyEventBody(creditKind, creditId, null, new CreditApplication(id, invoiceNumber, a, d))
            : null;
    }

    /// <summary>id, kind (read when <paramref name="kind"/> is null), contact, date, currency, amount: what every created document states.</summary>
    private static Common? ReadCommon(JsonElement element, string path, CreditNoteKind? kind, JsonFieldReader fields)
    {
        var id = OrderEventReader.ReadId(element, path, "id", fields);
        kind ??= CreditNoteRules.Enum(element, path, "kind", OrderEventNames.ParseKind, "receivable, payable", fields);
        var contact = CreditNoteRules.ReadContact(element, path, fields);
        var date = fields.Date(element, path, "date");
        var (currency, precision) = CreditNoteRules.ReadCurrency(element, path, fields);
        var amount = PositiveAmount(element, path, "amount", precision, fields);
        return id is not null && kind is { } k && contact is not null && date is { } d && currency is not null && precision is { } p && amount is { } a
            ? new Common(id, k, contact, d, currency, p, a)
            : null;
    }

    private static (string? BankAccountCode, string? Reference) ReadBankAndReference(JsonElement element, string path, JsonFieldReader fields) =>
        (fields.String(element, path, "bankAccountCode", required: false, DocumentLimits.MaxCodeLength),
         fields.String(element, path, "reference", required: false, DocumentLimits.MaxTextLength));

    private static decimal? PositiveAmount(JsonElement element, string path, string name, int? precision, JsonFieldReader fields)
    {
        var amount = CreditNoteRules.Money(element, path, name, precision, fields, minimum: null);
        if (amount is <= 0m)
        {
            fields.Add(JsonFieldReader.Path(path, name), "must be greater than 0.");
            return null;
        }

        return amount;
    }

    private static bool IsPresent(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private readonly record struct Common(string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, int Precision, decimal Amount);

    /// <summary>A property of <c>refund.of</c> and the document it names (null: a credit note).</summary>
    private sealed record RefundTarget(string Name, MoneyDocumentKind? Document)
    {
        public static readonly RefundTarget[] All =
        [
            new("creditNoteId", null),
            new("paymentId", MoneyDocumentKind.Payment),
            new("overpaymentId", MoneyDocumentKind.Overpayment),
            new("customerCreditId", MoneyDocumentKind.CustomerCredit),
        ];
    }
}

/// <summary>What a money event is about (see <see cref="MoneyEvent"/>), before the envelope is added.</summary>
internal sealed record MoneyEventBody(MoneyDocumentKind Kind, string DocumentId, MoneyDocument? Document, CreditApplication? Application);
