using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

/// <summary>The served contract documents say what the reader does.</summary>
public sealed class ContractDocumentsTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ContractDocuments.EventSchemaJson.Span)!.AsObject();
    private static readonly JsonObject OpenApi = JsonNode.Parse(ContractDocuments.OpenApiJson.Span)!.AsObject();

    // Where each schema object sits in the contract example, as the reader names fields.
    public static TheoryData<string, string> Objects() => new()
    {
        { "CreditNoteEvent", "" },
        { "CreditNote", "data.creditNote" },
        { "Contact", "data.creditNote.contact" },
        { "CreditNoteLine", "data.creditNote.lines[0]" },
        { "Allocation", "data.creditNote.allocations[0]" },
    };

    [Fact]
    public void The_contract_example_in_the_schema_reads_and_validates()
    {
        var example = Schema["examples"]![0]!.ToJsonString();

        var result = OrderEventReader.Read(Encoding.UTF8.GetBytes(example));

        Assert.True(result.Succeeded);
        Assert.Equal(OrderEventWriter.ToUtf8Bytes(OrderEventReader.Read(OrderEventSamples.ExampleBytes).Event!), OrderEventWriter.ToUtf8Bytes(result.Event!));
    }

    [Fact]
    public void The_request_example_in_the_openapi_document_reads_and_validates()
    {
        var example = OpenApi["paths"]!["/api/tenants/{tenantId}/events"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!["creditNote"]!["value"]!;

        Assert.True(OrderEventReader.Read(Encoding.UTF8.GetBytes(example.ToJsonString())).Succeeded);
        Assert.True(JsonNode.DeepEquals(Schema["examples"]![0], example));
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void Every_field_the_schema_requires_is_required_by_the_reader_and_no_other(string schemaName, string path)
    {
        var definition = schemaName == "CreditNoteEvent" ? Schema : Schema["definitions"]![schemaName]!.AsObject();
        var required = definition["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        var properties = definition["properties"]!.AsObject().Select(p => p.Key).ToArray();

        foreach (var property in properties)
        {
            var body = OrderEventSamples.Changed(root => Locate(root, path).Remove(property));
            var result = OrderEventReader.Read(body);
            var field = path.Length == 0 ? property : $"{path}.{property}";
            var reported = result.Problem?.Errors.Any(e => e.Field == field && e.Message == "is required.") ?? false;
            Assert.True(required.Contains(property) == reported, $"{field}: schema required={required.Contains(property)}, reader required={reported}");
        }
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void The_openapi_document_and_the_schema_describe_the_same_event(string schemaName, string path)
    {
        _ = path;
        var inSchema = schemaName == "CreditNoteEvent" ? Schema : Schema["definitions"]![schemaName]!;
        var inOpenApi = OpenApi["components"]!["schemas"]![schemaName]!;

        Assert.Equal(Names(inSchema["required"]), Names(inOpenApi["required"]));
        Assert.Equal(inSchema["properties"]!.AsObject().Select(p => p.Key), inOpenApi["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void The_schema_lists_exactly_the_currencies_the_reader_knows()
    {
        var listed = Names(Schema["definitions"]!["CreditNote"]!["properties"]!["currency"]!["enum"]);

        Assert.Equal(Currencies.Codes, listed);
    }

    [Fact]
    public void The_schema_states_the_reader_limits()
    {
        var note = Schema["definitions"]!["CreditNote"]!["properties"]!;
        var line = Schema["definitions"]!["CreditNoteLine"]!["properties"]!;

        Assert.Equal(DocumentLimits.MaxLines, note["lines"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxAllocations, note["allocations"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxTextLength, note["number"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxDescriptionLength, line["description"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.MaxIdLength, Schema["properties"]!["id"]!["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public void The_openapi_document_describes_every_endpoint_and_the_rounding_rule()
    {
        Assert.StartsWith("3.0", OpenApi["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [
                "/api/tenants/{tenantId}/events", "/api/tenants/{tenantId}/credit-notes/{creditNoteId}", "/api/tenants/{tenantId}/attention", "/api/tenants/{tenantId}/credit-notes/{creditNoteId}/retry",
                "/api/tenants/{tenantId}/connections/{connectionId}/connect", "/api/connections/callback", "/api/tenants/{tenantId}/connections/{connectionId}/reconnect",
            ],
            OpenApi["paths"]!.AsObject().Select(p => p.Key));
        var description = OpenApi["info"]!["description"]!.GetValue<string>();
        Assert.Contains("half away from zero", description, StringComparison.Ordinal);
        Assert.Contains("5,000 lines", description, StringComparison.Ordinal);
        Assert.Contains("errors", OpenApi["components"]!["schemas"]!["ValidationProblemDetails"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reference_in_the_openapi_document_resolves()
    {
        var references = new List<string>();
        Collect(OpenApi, references);
        var schemas = OpenApi["components"]!["schemas"]!.AsObject();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(schemas.ContainsKey(r["#/components/schemas/".Length..]), r));
    }

    [Fact]
    public void The_documents_are_plain_utf8_json()
    {
        Assert.NotEqual(0xEF, ContractDocuments.OpenApiJson.Span[0]);
        using var openApi = JsonDocument.Parse(ContractDocuments.OpenApiJson);
        using var schema = JsonDocument.Parse(ContractDocuments.EventSchemaJson);
        Assert.Equal("http://json-schema.org/draft-07/schema#", schema.RootElement.GetProperty("$schema").GetString());
        Assert.Contains("ReceiveOrderEvent", ContractDocuments.OpenApiText, StringComparison.Ordinal);
    }

    private static JsonObject Locate(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = part.EndsWith("[0]", StringComparison.Ordinal) ? node[part[..^3]]![0]! : node[part]!;
        }

        return node.AsObject();
    }

    private static string[] Names(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private static void Collect(JsonNode? node, List<string> references)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref")
                    {
                        references.Add(value!.GetValue<string>());
                    }
                    else
                    {
                        Collect(value, references);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, references);
                }

                break;
            default:
                break;
        }
    }
}
