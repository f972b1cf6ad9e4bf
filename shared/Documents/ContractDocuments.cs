using System.Text;

namespace CreditFunctions.Documents;

/// <summary>
/// The inbound contract as documents the app serves: an OpenAPI 3.0 description of the HTTP API and JSON
/// Schemas (draft-07) of the credit-note event and of the money events (docs/payments.md "Contract"), embedded in
/// this assembly from <c>Documents/Contract/</c>.
/// Both state the rounding rule and the limits that <see cref="OrderEventReader"/> enforces; unit tests keep them in step.
/// </summary>
public static class ContractDocuments
{
    /// <summary>Media type to serve <see cref="OpenApiJson"/> with.</summary>
    public const string OpenApiMediaType = "application/json";

    /// <summary>Media type to serve <see cref="EventSchemaJson"/> and <see cref="MoneyEventSchemaJson"/> with.</summary>
    public const string SchemaMediaType = "application/schema+json";

    private static readonly Lazy<byte[]> OpenApi = new(() => Load("openapi.json"));
    private static readonly Lazy<byte[]> EventSchema = new(() => Load("credit-note-event.schema.json"));
    private static readonly Lazy<byte[]> MoneyEventSchema = new(() => Load("money-event.schema.json"));

    /// <summary>The OpenAPI document, UTF-8 bytes (no BOM).</summary>
    public static ReadOnlyMemory<byte> OpenApiJson => OpenApi.Value;

    /// <summary>The JSON Schema of a credit-note event, UTF-8 bytes (no BOM).</summary>
    public static ReadOnlyMemory<byte> EventSchemaJson => EventSchema.Value;

    /// <summary>The JSON Schema of a money event (payment, refund, overpayment, customer credit, supplier deposit), UTF-8 bytes (no BOM).</summary>
    public static ReadOnlyMemory<byte> MoneyEventSchemaJson => MoneyEventSchema.Value;

    /// <summary>The OpenAPI document as text.</summary>
    public static string OpenApiText => Encoding.UTF8.GetString(OpenApi.Value);

    /// <summary>The event schema as text.</summary>
    public static string EventSchemaText => Encoding.UTF8.GetString(EventSchema.Value);

    private static byte[] Load(string fileName)
    {
        var name = "CreditFunctions.Documents.Contract." + fileName;
        using var stream = typeof(ContractDocuments).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The contract document {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
