using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Payments;

namespace CreditFunctions.Tests.Payments;

/// <summary>The money events of the contract (docs/payments.md "Contract") as <see cref="OrderEventReader"/> reads them.</summary>
public sealed class MoneyEventReaderTests
{
    private static readonly CreditNoteContact Luna = new("cust_42", "Cafe Luna", "accounts@cafeluna.example");
    private static readonly CreditNoteContact Beans = new("supp_7", "Bean Traders", null);

    /// <summary>What each served example reads as, field for field.</summary>
    private static readonly Dictionary<string, MoneyEvent> ExpectedExamples = new()
    {
        [MoneyEventNames.PaymentCreated] = new(
            "evt_pay_2001", MoneyEventType.PaymentCreated, At(2026, 11, 21, 9, 0), MoneyDocumentKind.Payment, "pay_2001",
            new PaymentDocument("pay_2001", CreditNoteKind.Receivable, Luna, new(2026, 11, 21), "AUD", 880.00m, "INV-0002", "090", "Order 5568"), null),
        [MoneyEventNames.PaymentDeleted] = new(
            "evt_pay_2001_del", MoneyEventType.PaymentDeleted, At(2026, 11, 22, 9, 30), MoneyDocumentKind.Payment, "pay_2001", null, null),
        [MoneyEventNames.RefundCreated] = new(
            "evt_ref_3001", MoneyEventType.RefundCreated, At(2026, 11, 25, 14, 0), MoneyDocumentKind.Refund, "ref_3001",
            new RefundDocument(
                "ref_3001", CreditNoteKind.Receivable, Luna, new(2026, 11, 25), "AUD", 300.00m, RefundOf.Money(MoneyDocumentKind.Payment, "pay_2001"),
                "090", "Refund order 5568", new WriteOff(50.00m, "480", "OUTPUT")),
            null),
        [MoneyEventNames.OverpaymentCreated] = new(
            "evt_ovp_4001", MoneyEventType.OverpaymentCreated, At(2026, 11, 26, 8, 0), MoneyDocumentKind.Overpayment, "ovp_4001",
            new OverpaymentDocument("ovp_4001", CreditNoteKind.Receivable, Luna, new(2026, 11, 26), "AUD", 1000.00m, "INV-0003", 880.00m, "090", "Order 5569"), null),
        [MoneyEventNames.CustomerCreditCreated] = new(
            "evt_cc_5001", MoneyEventType.CustomerCreditCreated, At(2026, 11, 27, 8, 0), MoneyDocumentKind.CustomerCredit, "cc_5001",
            new PrepaidCreditDocument("cc_5001", CreditNoteKind.Receivable, Luna, new(2026, 11, 27), "AUD", 220.00m, "090", "2150", "Deposit order 5570"), null),
        [MoneyEventNames.CustomerCreditApplied] = new(
            "evt_app_6001", MoneyEventType.CustomerCreditApplied, At(2026, 11, 28, 8, 0), MoneyDocumentKind.CustomerCredit, "cc_5001",
            null, new CreditApplication("app_6001", "INV-0004", 120.00m, new(2026, 11, 28))),
        [MoneyEventNames.SupplierDepositCreated] = new(
            "evt_sd_7001", MoneyEventType.SupplierDepositCreated, At(2026, 11, 27, 9, 0), MoneyDocumentKind.SupplierDeposit, "sd_7001",
            new PrepaidCreditDocument("sd_7001", CreditNoteKind.Payable, Beans, new(2026, 11, 27), "AUD", 500.00m, "090", "1450", "PO 881 deposit"), null),
        [MoneyEventNames.SupplierDepositApplied] = new(
            "evt_app_8001", MoneyEventType.SupplierDepositApplied, At(2026, 11, 30, 9, 0), MoneyDocumentKind.SupplierDeposit, "sd_7001",
            null, new CreditApplication("app_8001", "BILL-0009", 500.00m, new(2026, 11, 30))),
    };

    public static TheoryData<string> Types() => [.. MoneyEventNames.Types];

    [Theory]
    [MemberData(nameof(Types))]
    public void The_example_of_each_money_event_reads_field_for_field(string type)
    {
        var result = OrderEventReader.Read(MoneyEventJson.Bytes(type));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Null(result.Event);
        Assert.Equal(ExpectedExamples[type], result.Money);
    }

    [Fact]
    public void An_unknown_type_is_refused_with_every_known_type_listed()
    {
        var result = OrderEventReader.Read(MoneyEventJson.ChangedBody(MoneyEventNames.PaymentCreated, root => root["type"] = "payment.updated"));

        var error = Assert.Single(result.Problem!.Errors);
        Assert.Equal("type", error.Field);
        Assert.Equal(422, result.Problem.HttpStatus);
        Assert.All(
            ["credit_note.created", "credit_note.updated", "credit_note.voided", .. MoneyEventNames.Types],
            type => Assert.Contains(type, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_money_type_needs_its_own_document_under_data_not_a_credit_note()
    {
        var body = MoneyEventJson.Body("""{"id":"e1","type":"refund.created","occurredAt":"2026-11-20T10:15:00Z","data":{"creditNote":{}}}""");

        Assert.Equal(["data.refund"], Errors(body));
    }

    [Fact]
    public void A_credit_note_type_still_needs_a_credit_note_when_a_payment_is_sent()
    {
        var body = MoneyEventJson.ChangedBody(MoneyEventNames.PaymentCreated, root => root["type"] = "credit_note.created");

        Assert.Equal(["data.creditNote"], Errors(body));
    }

    [Fact]
    public void An_empty_payment_reports_every_missing_field_at_once()
    {
        var body = MoneyEventJson.Body("""{"id":"e1","type":"payment.created","occurredAt":"2026-11-20T10:15:00Z","data":{"payment":{}}}""");

        Assert.Equal(
            ["id", "kind", "contact", "date", "currency", "amount", "invoiceNumber"],
            Errors(body).Select(f => f.Replace("data.payment.", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Problems_in_the_envelope_and_the_payment_are_all_reported_with_their_paths()
    {
        var body = MoneyEventJson.ChangedBody(MoneyEventNames.PaymentCreated, root =>
        {
            root["occurredAt"] = "2026-11-21T09:00:00";
            var payment = MoneyEventJson.Document(root);
            payment["currency"] = "XYZ";
            payment["amount"] = 0;
            payment["contact"]!["name"] = "";
            payment["reference"] = new string('r', DocumentLimits.MaxTextLength + 1);
        });

        Assert.Equal(
            ["occurredAt", "data.payment.contact.name", "data.payment.currency", "data.payment.amount", "data.payment.reference"],
            Errors(body));
    }

    [Theory]
    [InlineData("0", "must be greater than 0.")]
    [InlineData("-5.00", "must be greater than 0.")]
    [InlineData("10.001", "must have at most 2 decimal places.")]
    [InlineData("\"10.00\"", "must be a number.")]
    [InlineData("10000000000000", "is out of range.")]
    public void A_payment_amount_must_be_money_greater_than_0(string amount, string message)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.PaymentCreated, payment => payment["amount"] = JsonNode.Parse(amount));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.payment.amount", message), (error.Field, error.Message));
    }

    [Fact]
    public void An_amount_is_held_to_its_currency_precision()
    {
        var yen = MoneyEventJson.Changed(MoneyEventNames.PaymentCreated, payment =>
        {
            payment["currency"] = "JPY";
            payment["amount"] = 880.5m;
        });
        var dinar = MoneyEventJson.Changed(MoneyEventNames.PaymentCreated, payment =>
        {
            payment["currency"] = "KWD";
            payment["amount"] = 880.125m;
        });

        Assert.Equal(["data.payment.amount"], Errors(yen));
        Assert.Equal(880.125m, OrderEventReader.Read(dinar).Money!.Document!.Amount);
    }

    [Theory]
    [InlineData("id", "\"pay/1\"")]
    [InlineData("kind", "\"refund\"")]
    [InlineData("date", "\"2026-02-30\"")]
    [InlineData("currency", "\"aud\"")]
    [InlineData("invoiceNumber", "\"\"")]
    [InlineData("bankAccountCode", "\"012345678901234567890123456789012345678901234567890\"")]
    [InlineData("contact", "\"cust_42\"")]
    public void A_broken_payment_field_is_named(string field, string value)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.PaymentCreated, payment => payment[field] = JsonNode.Parse(value));

        Assert.Equal([$"data.payment.{field}"], Errors(body));
    }

    [Fact]
    public void A_deleted_payment_needs_only_its_id()
    {
        var result = OrderEventReader.Read(MoneyEventJson.Body(
            """{"id":"e9","type":"payment.deleted","occurredAt":"2026-11-20T10:15:00Z","data":{"payment":{"id":"pay_9","amount":"ignored"}}}"""));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal((MoneyDocumentKind.Payment, "pay_9"), (result.Money!.Kind, result.Money.DocumentId));
        Assert.Null(result.Money.Document);
        Assert.Null(result.Money.Application);
    }

    [Fact]
    public void A_deleted_payment_without_an_id_names_it()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.PaymentDeleted, payment => payment.Remove("id"));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.payment.id", "is required."), (error.Field, error.Message));
    }

    public static TheoryData<string, MoneyDocumentKind?> RefundTargets() => new()
    {
        { "creditNoteId", null },
        { "paymentId", MoneyDocumentKind.Payment },
        { "overpaymentId", MoneyDocumentKind.Overpayment },
        { "customerCreditId", MoneyDocumentKind.CustomerCredit },
    };

    [Theory]
    [MemberData(nameof(RefundTargets))]
    public void A_refund_reads_what_it_pays_back(string target, MoneyDocumentKind? document)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund =>
        {
            refund["of"] = new JsonObject { [target] = "doc_1" };
            refund.Remove("writeOff");
        });

        var result = OrderEventReader.Read(body);

        Assert.True(result.Succeeded, Describe(result));
        var expected = document is { } kind ? RefundOf.Money(kind, "doc_1") : RefundOf.CreditNote("doc_1");
        Assert.Equal(expected, ((RefundDocument)result.Money!.Document!).Of);
    }

    [Fact]
    public void A_refund_of_nothing_is_refused_naming_of()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund["of"] = new JsonObject());

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal("data.refund.of", error.Field);
        Assert.Equal("names none; it must name exactly one of creditNoteId, paymentId, overpaymentId, customerCreditId.", error.Message);
    }

    [Fact]
    public void A_refund_of_two_documents_names_both()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund["of"]!["creditNoteId"] = "cn_1001");

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal("data.refund.of", error.Field);
        Assert.StartsWith("names creditNoteId and paymentId;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refund_without_of_or_with_a_bad_id_in_it_names_the_field()
    {
        var missing = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund.Remove("of"));
        var badId = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund["of"]!["paymentId"] = "pay 1");

        Assert.Equal(["data.refund.of"], Errors(missing));
        Assert.Equal(["data.refund.of.paymentId"], Errors(badId));
    }

    [Theory]
    [InlineData("creditNoteId")]
    [InlineData("overpaymentId")]
    [InlineData("customerCreditId")]
    public void A_write_off_is_only_for_the_refund_of_a_payment(string target)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund["of"] = new JsonObject { [target] = "doc_1" });

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.refund.writeOff", "is only allowed when a payment is refunded (of.paymentId)."), (error.Field, error.Message));
    }

    [Fact]
    public void A_write_off_needs_a_positive_amount_and_an_account_code()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund =>
        {
            refund["writeOff"]!["amount"] = 0;
            refund["writeOff"]!.AsObject().Remove("accountCode");
        });

        Assert.Equal(["data.refund.writeOff.amount", "data.refund.writeOff.accountCode"], Errors(body));
    }

    [Fact]
    public void A_refund_without_a_write_off_reads_with_none()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund => refund.Remove("writeOff"));

        Assert.Null(((RefundDocument)OrderEventReader.Read(body).Money!.Document!).WriteOff);
    }

    [Fact]
    public void A_customer_credit_is_refunded_to_a_customer_only()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.RefundCreated, refund =>
        {
            refund["kind"] = "payable";
            refund["of"] = new JsonObject { ["customerCreditId"] = "cc_5001" };
            refund.Remove("writeOff");
        });

        Assert.Equal(["data.refund.kind"], Errors(body));
    }

    [Theory]
    [InlineData("1000.00")]
    [InlineData("1000.01")]
    public void An_overpayment_applies_less_than_its_amount_to_the_invoice(string applied)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment => overpayment["appliedToInvoice"] = JsonNode.Parse(applied));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal("data.overpayment.appliedToInvoice", error.Field);
        Assert.StartsWith("must be less than amount (1000.00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overpayment_applies_nothing_negative()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment => overpayment["appliedToInvoice"] = -1);

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.overpayment.appliedToInvoice", "must be 0 or more."), (error.Field, error.Message));
    }

    [Fact]
    public void An_overpayment_that_applies_to_an_invoice_names_it()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment => overpayment.Remove("invoiceNumber"));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.overpayment.invoiceNumber", "is required when appliedToInvoice is more than 0."), (error.Field, error.Message));
    }

    [Fact]
    public void An_overpayment_that_applies_nothing_names_no_invoice()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment => overpayment["appliedToInvoice"] = 0);

        Assert.Equal(["data.overpayment.invoiceNumber"], Errors(body));
    }

    [Fact]
    public void An_overpayment_that_applies_nothing_is_all_credit()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment =>
        {
            overpayment["appliedToInvoice"] = 0;
            overpayment.Remove("invoiceNumber");
        });

        var overpaid = (OverpaymentDocument)OrderEventReader.Read(body).Money!.Document!;

        Assert.Null(overpaid.InvoiceNumber);
        Assert.Equal(1000.00m, overpaid.Credit);
    }

    [Fact]
    public void An_overpayment_states_how_much_goes_to_the_invoice()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.OverpaymentCreated, overpayment => overpayment.Remove("appliedToInvoice"));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.overpayment.appliedToInvoice", "is required."), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("customer_credit.created", "data.customerCredit")]
    [InlineData("supplier_deposit.created", "data.supplierDeposit")]
    public void An_empty_prepaid_credit_reports_every_missing_field_at_once(string type, string path)
    {
        var body = MoneyEventJson.Body(
            new JsonObject { ["id"] = "e1", ["type"] = type, ["occurredAt"] = "2026-11-20T10:15:00Z", ["data"] = new JsonObject { [path[5..]] = new JsonObject() } }.ToJsonString());

        Assert.Equal(["id", "contact", "date", "currency", "amount"], Errors(body).Select(f => f.Replace(path + ".", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("customer_credit.created", "customerCredit", CreditNoteKind.Receivable)]
    [InlineData("supplier_deposit.created", "supplierDeposit", CreditNoteKind.Payable)]
    public void A_prepaid_credit_takes_its_kind_from_the_event_type_not_the_body(string type, string property, CreditNoteKind kind)
    {
        var body = MoneyEventJson.Changed(type, credit => credit["kind"] = kind == CreditNoteKind.Receivable ? "payable" : "receivable");

        var result = OrderEventReader.Read(body);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(kind, result.Money!.Document!.Kind);
        Assert.Equal(property, MoneyEventNames.DataProperty(result.Money.Type));
    }

    [Theory]
    [InlineData("customer_credit.applied", null, MoneyDocumentKind.CustomerCredit)]
    [InlineData("customer_credit.applied", "customer_credit", MoneyDocumentKind.CustomerCredit)]
    [InlineData("customer_credit.applied", "overpayment", MoneyDocumentKind.Overpayment)]
    [InlineData("supplier_deposit.applied", null, MoneyDocumentKind.SupplierDeposit)]
    [InlineData("supplier_deposit.applied", "supplier_deposit", MoneyDocumentKind.SupplierDeposit)]
    [InlineData("supplier_deposit.applied", "overpayment", MoneyDocumentKind.Overpayment)]
    public void An_application_is_about_the_credit_it_draws_on(string type, string? creditType, MoneyDocumentKind kind)
    {
        var body = MoneyEventJson.Changed(type, application =>
        {
            application.Remove("creditType");
            if (creditType is not null)
            {
                application["creditType"] = creditType;
            }
        });

        var result = OrderEventReader.Read(body);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(kind, result.Money!.Kind);
        Assert.Equal((string?)MoneyEventJson.Example(type)["data"]!["application"]!["creditId"], result.Money.DocumentId);
        Assert.Null(result.Money.Document);
    }

    [Theory]
    [InlineData("customer_credit.applied", "supplier_deposit", "customer_credit, overpayment")]
    [InlineData("supplier_deposit.applied", "customer_credit", "supplier_deposit, overpayment")]
    [InlineData("customer_credit.applied", "payment", "customer_credit, overpayment")]
    public void An_application_draws_only_on_its_own_kind_of_credit_or_an_overpayment(string type, string creditType, string allowed)
    {
        var body = MoneyEventJson.Changed(type, application => application["creditType"] = creditType);

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.application.creditType", $"must be one of {allowed}."), (error.Field, error.Message));
    }

    [Fact]
    public void An_empty_application_reports_every_missing_field_at_once()
    {
        var body = MoneyEventJson.Body("""{"id":"e1","type":"customer_credit.applied","occurredAt":"2026-11-20T10:15:00Z","data":{"application":{}}}""");

        Assert.Equal(
            ["id", "creditId", "invoiceNumber", "amount", "date"],
            Errors(body).Select(f => f.Replace("data.application.", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("0", "must be greater than 0.")]
    [InlineData("1.00001", "must have at most 4 decimal places.")]
    public void An_application_amount_is_positive_with_at_most_4_places(string amount, string message)
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.CustomerCreditApplied, application => application["amount"] = JsonNode.Parse(amount));

        var error = Assert.Single(Problem(body).Errors);
        Assert.Equal(("data.application.amount", message), (error.Field, error.Message));
    }

    [Theory]
    [InlineData(MoneyEventNames.PaymentCreated, "/api/tenants/demo/payments/pay_2001")]
    [InlineData(MoneyEventNames.PaymentDeleted, "/api/tenants/demo/payments/pay_2001")]
    [InlineData(MoneyEventNames.RefundCreated, "/api/tenants/demo/refunds/ref_3001")]
    [InlineData(MoneyEventNames.OverpaymentCreated, "/api/tenants/demo/overpayments/ovp_4001")]
    [InlineData(MoneyEventNames.CustomerCreditCreated, "/api/tenants/demo/customer-credits/cc_5001")]
    [InlineData(MoneyEventNames.CustomerCreditApplied, "/api/tenants/demo/customer-credits/cc_5001")]
    [InlineData(MoneyEventNames.SupplierDepositCreated, "/api/tenants/demo/supplier-deposits/sd_7001")]
    [InlineData(MoneyEventNames.SupplierDepositApplied, "/api/tenants/demo/supplier-deposits/sd_7001")]
    public void Each_money_event_has_the_status_url_of_its_document(string type, string statusPath)
    {
        var money = OrderEventReader.Read(MoneyEventJson.Bytes(type)).Money!;

        Assert.Equal(statusPath, MoneyEventNames.StatusPath("demo", money));
    }

    [Fact]
    public void An_overpayment_applied_has_the_overpayment_status_url()
    {
        var body = MoneyEventJson.Changed(MoneyEventNames.CustomerCreditApplied, application => application["creditType"] = "overpayment");

        Assert.Equal("/api/tenants/t%201/overpayments/cc_5001", MoneyEventNames.StatusPath("t 1", OrderEventReader.Read(body).Money!));
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static ValidationProblem Problem(byte[] body)
    {
        var result = OrderEventReader.Read(body);
        Assert.False(result.Succeeded);
        Assert.False(result.Problem.IsMalformed);
        return result.Problem;
    }

    private static string[] Errors(byte[] body) => Problem(body).Errors.Select(e => e.Field).ToArray();

    private static string Describe(OrderEventReadResult result) =>
        string.Join("; ", result.Problem?.Errors.Select(e => $"{e.Field} {e.Message}") ?? []);
}
