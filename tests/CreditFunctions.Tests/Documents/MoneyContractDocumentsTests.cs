using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Payments;
using CreditFunctions.Tests.Payments;
using NJsonSchema;

namespace CreditFunctions.Tests.Documents;

/// <summary>The served money-event schema and the OpenAPI document say what the reader does (docs/payments.md "Contract").</summary>
public sealed class MoneyContractDocumentsTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ContractDocuments.MoneyEventSchemaJson.Span)!.AsObject();
    private static readonly JsonObject OpenApi = JsonNode.Parse(ContractDocuments.OpenApiJson.Span)!.AsObject();

    /// <summary>Valid values for optional properties an example leaves out, so every property is tried.</summary>
    private static readonly Dictionary<string, JsonNode> Fill = new() { ["creditType"] = "overpayment" };

    // Each schema object, the example it sits in and where, as the reader names fields.
    public static TheoryData<string, string, string> Objects() => new()
    {
        { "MoneyEvent", MoneyEventNames.PaymentCreated, "" },
        { "Payment", MoneyEventNames.PaymentCreated, "data.payment" },
        { "Contact", MoneyEventNames.PaymentCreated, "data.payment.contact" },
        { "PaymentReference", MoneyEventNames.PaymentDeleted, "data.payment" },
        { "Refund", MoneyEventNames.RefundCreated, "data.refund" },
        { "WriteOff", MoneyEventNames.RefundCreated, "data.refund.writeOff" },
        { "Overpayment", MoneyEventNames.OverpaymentCreated, "data.overpayment" },
        { "PrepaidCredit", MoneyEventNames.CustomerCreditCreated, "data.customerCredit" },
        { "PrepaidCredit", MoneyEventNames.SupplierDepositCreated, "data.supplierDeposit" },
        { "CustomerCreditApplication", MoneyEventNames.CustomerCreditApplied, "data.application" },
        { "SupplierDepositApplication", MoneyEventNames.SupplierDepositApplied, "data.application" },
    };

    public static TheoryData<string> Types() => [.. MoneyEventNames.Types];

    [Fact]
    public void The_schema_has_one_example_per_money_event_type_in_the_contract_order()
    {
        Assert.Equal(MoneyEventNames.Types, Schema["examples"]!.AsArray().Select(e => (string?)e!["type"]));
        Assert.Equal(MoneyEventNames.Types, Names(Schema["properties"]!["type"]!["enum"]));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Each_example_validates_under_the_schema_and_reads(string type)
    {
        var validator = await LoadValidatorAsync();
        var example = MoneyEventJson.Example(type).ToJsonString();

        Assert.Empty(validator.Validate(example));
        Assert.NotNull(OrderEventReader.Read(Encoding.UTF8.GetBytes(example)).Money);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public async Task Every_field_the_schema_requires_is_required_by_the_reader_and_no_other(string schemaName, string type, string path)
    {
        var validator = await LoadValidatorAsync();
        var definition = schemaName == "MoneyEvent" ? Schema : Schema["definitions"]![schemaName]!.AsObject();
        var required = Names(definition["required"]).ToHashSet();
        var properties = definition["properties"]!.AsObject().Select(p => p.Key).ToArray();

        foreach (var property in properties)
        {
            var body = MoneyEventJson.ChangedBody(type, root =>
            {
                var target = Locate(root, path);
                foreach (var (name, value) in Fill.Where(f => properties.Contains(f.Key) && !target.ContainsKey(f.Key)))
                {
                    target[name] = value.DeepClone();
                }

                Assert.True(target.ContainsKey(property), $"the {type} example has no {path}.{property} to remove");
                target.Remove(property);
            });
            var result = OrderEventReader.Read(body);
            var field = path.Length == 0 ? property : $"{path}.{property}";
            var reported = result.Problem?.Errors.Any(e => e.Field == field && e.Message == "is required.") ?? false;
            Assert.True(required.Contains(property) == reported, $"{field}: schema required={required.Contains(property)}, reader required={reported}");
            Assert.Equal(required.Contains(property), validator.Validate(Encoding.UTF8.GetString(body)).Count > 0);
        }
    }

    public static TheoryData<string, string, string> Breaks() => new()
    {
        { "amount 0", MoneyEventNames.PaymentCreated, """{"amount":0}""" },
        { "amount as a string", MoneyEventNames.PaymentCreated, """{"amount":"880.00"}""" },
        { "unknown currency", MoneyEventNames.PaymentCreated, """{"currency":"XYZ"}""" },
        { "unsafe id", MoneyEventNames.PaymentCreated, """{"id":"pay/1"}""" },
        { "unknown kind", MoneyEventNames.PaymentCreated, """{"kind":"refund"}""" },
        { "not a date", MoneyEventNames.PaymentCreated, """{"date":"21/11/2026"}""" },
        { "bank account code too long", MoneyEventNames.PaymentCreated, """{"bankAccountCode":"012345678901234567890123456789012345678901234567890"}""" },
        { "refund of nothing", MoneyEventNames.RefundCreated, """{"of":{}}""" },
        { "refund of two documents", MoneyEventNames.RefundCreated, """{"of":{"paymentId":"pay_1","creditNoteId":"cn_1"}}""" },
        { "write-off of 0", MoneyEventNames.RefundCreated, """{"writeOff":{"amount":0,"accountCode":"480"}}""" },
        { "negative applied amount", MoneyEventNames.OverpaymentCreated, """{"appliedToInvoice":-1}""" },
        { "another event's credit type", MoneyEventNames.CustomerCreditApplied, """{"creditType":"supplier_deposit"}""" },
        { "application amount 0", MoneyEventNames.SupplierDepositApplied, """{"amount":0}""" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task What_the_schema_refuses_the_reader_refuses(string rule, string type, string change)
    {
        var validator = await LoadValidatorAsync();
        var body = MoneyEventJson.Changed(type, document =>
        {
            foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
            {
                document[name] = value?.DeepClone();
            }
        });

        Assert.True(validator.Validate(Encoding.UTF8.GetString(body)).Count > 0, rule + ": the schema accepts it");
        Assert.False(OrderEventReader.Read(body).Succeeded, rule + ": the reader accepts it");
    }

    [Fact]
    public async Task The_schema_refuses_an_unknown_type_as_the_reader_does()
    {
        var validator = await LoadValidatorAsync();
        var body = MoneyEventJson.ChangedBody(MoneyEventNames.PaymentCreated, root => root["type"] = "payment.updated");

        Assert.NotEmpty(validator.Validate(Encoding.UTF8.GetString(body)));
        Assert.Equal("type", Assert.Single(OrderEventReader.Read(body).Problem!.Errors).Field);
    }

    [Fact]
    public void The_schema_lists_exactly_the_currencies_the_reader_knows()
    {
        Assert.Equal(Currencies.Codes, Names(Schema["definitions"]!["Currency"]!["enum"]));
    }

    [Fact]
    public void The_schema_states_the_reader_limits()
    {
        var payment = Schema["definitions"]!["Payment"]!["properties"]!;
        var prepaid = Schema["definitions"]!["PrepaidCredit"]!["properties"]!;
        var application = Schema["definitions"]!["CustomerCreditApplication"]!["properties"]!;

        Assert.Equal(DocumentLimits.MaxIdLength, payment["id"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxIdLength, application["creditId"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxTextLength, payment["invoiceNumber"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxTextLength, payment["reference"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxCodeLength, payment["bankAccountCode"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxCodeLength, prepaid["holdingAccountCode"]!["maxLength"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("MoneyEvent")]
    [InlineData("PaymentCreatedEvent")]
    [InlineData("PaymentDeletedEvent")]
    [InlineData("RefundCreatedEvent")]
    [InlineData("OverpaymentCreatedEvent")]
    [InlineData("CustomerCreditCreatedEvent")]
    [InlineData("CustomerCreditAppliedEvent")]
    [InlineData("SupplierDepositCreatedEvent")]
    [InlineData("SupplierDepositAppliedEvent")]
    [InlineData("Payment")]
    [InlineData("PaymentReference")]
    [InlineData("Refund")]
    [InlineData("RefundOf")]
    [InlineData("WriteOff")]
    [InlineData("Overpayment")]
    [InlineData("PrepaidCredit")]
    [InlineData("CustomerCreditApplication")]
    [InlineData("SupplierDepositApplication")]
    [InlineData("Contact")]
    [InlineData("Currency")]
    public void The_openapi_document_and_the_schema_describe_the_same_money_events(string schemaName)
    {
        var inSchema = schemaName == "MoneyEvent" ? Schema : Schema["definitions"]![schemaName]!;
        var inOpenApi = OpenApi["components"]!["schemas"]![schemaName]!;

        Assert.Equal(Names(inSchema["required"]), Names(inOpenApi["required"]));
        Assert.Equal(Names(inSchema["enum"]), Names(inOpenApi["enum"]));
        Assert.Equal(Keys(inSchema["properties"]), Keys(inOpenApi["properties"]));
        Assert.Equal(
            inSchema["oneOf"]?.ToJsonString().Replace("#/definitions/", "#/components/schemas/", StringComparison.Ordinal),
            inOpenApi["oneOf"]?.ToJsonString());
    }

    [Fact]
    public void Every_request_example_in_the_openapi_document_reads_and_the_money_ones_are_the_schema_examples()
    {
        var examples = OpenApi["paths"]!["/api/tenants/{tenantId}/events"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();

        Assert.Equal(["credit_note.created", .. MoneyEventNames.Types], examples.Select(e => (string?)e.Value!["value"]!["type"]));
        Assert.All(examples, e => Assert.True(OrderEventReader.Read(Encoding.UTF8.GetBytes(e.Value!["value"]!.ToJsonString())).Succeeded, e.Key));
        Assert.All(
            examples.Skip(1),
            e => Assert.True(JsonNode.DeepEquals(MoneyEventJson.Example((string)e.Value!["value"]!["type"]!), e.Value!["value"]), e.Key));
    }

    [Fact]
    public void The_request_body_is_a_credit_note_event_or_a_money_event_and_the_status_urls_are_stated()
    {
        var post = OpenApi["paths"]!["/api/tenants/{tenantId}/events"]!["post"]!;
        var schema = post["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var statusUrl = OpenApi["components"]!["schemas"]!["EventAccepted"]!["properties"]!["statusUrl"]!["description"]!.GetValue<string>();

        Assert.Equal(
            ["#/components/schemas/CreditNoteEvent", "#/components/schemas/MoneyEvent"],
            schema["oneOf"]!.AsArray().Select(r => (string?)r!["$ref"]));
        Assert.Contains("money-event.schema.json", OpenApi["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(
            ["/credit-notes/{id}", "/payments/{id}", "/refunds/{id}", "/overpayments/{id}", "/customer-credits/{id}", "/supplier-deposits/{id}"],
            url => Assert.Contains(url, statusUrl, StringComparison.Ordinal));
    }

    [Fact]
    public void The_money_schema_is_plain_utf8_draft_07()
    {
        Assert.NotEqual(0xEF, ContractDocuments.MoneyEventSchemaJson.Span[0]);
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)Schema["$schema"]);
        Assert.EndsWith("money-event.schema.json", (string?)Schema["$id"], StringComparison.Ordinal);
    }

    private static Task<JsonSchema> LoadValidatorAsync() => JsonSchema.FromJsonAsync(Encoding.UTF8.GetString(ContractDocuments.MoneyEventSchemaJson.Span));

    private static JsonObject Locate(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[part]!;
        }

        return node.AsObject();
    }

    private static string[] Names(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];

    private static string[] Keys(JsonNode? properties) => properties?.AsObject().Select(p => p.Key).ToArray() ?? [];
}
