using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Payments;

/// <summary>The served money-event schema's examples (one per event type, docs/payments.md "Contract") and ways to break them.</summary>
internal static class MoneyEventJson
{
    private static readonly JsonArray Examples = JsonNode.Parse(ContractDocuments.MoneyEventSchemaJson.Span)!["examples"]!.AsArray();

    /// <summary>The example of <paramref name="type"/>, a fresh copy.</summary>
    public static JsonObject Example(string type) =>
        Examples.Single(e => (string?)e!["type"] == type)!.DeepClone().AsObject();

    public static byte[] Bytes(string type) => Encoding.UTF8.GetBytes(Example(type).ToJsonString());

    /// <summary>The example of <paramref name="type"/> with <paramref name="change"/> applied to the object under <c>data</c>.</summary>
    public static byte[] Changed(string type, Action<JsonObject> change)
    {
        var root = Example(type);
        change(Document(root));
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The example with <paramref name="change"/> applied to the whole body.</summary>
    public static byte[] ChangedBody(string type, Action<JsonObject> change)
    {
        var root = Example(type);
        change(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The one object under <c>data</c> (payment, refund, overpayment, customerCredit, supplierDeposit or application).</summary>
    public static JsonObject Document(JsonObject root) => root["data"]!.AsObject().Single().Value!.AsObject();

    public static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
