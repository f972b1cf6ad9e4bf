using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>One answer of the simulated API: what the idempotency cache keeps and replays (X13).</summary>
internal sealed record XeroResponse(int Status, string Body, string ContentType)
{
    public static XeroResponse Json(int status, JsonNode body) => new(status, body.ToJsonString(XeroWire.Json), "application/json; charset=utf-8");

    public static XeroResponse Ok(JsonNode body) => Json(200, body);

    /// <summary>Xero's error model (X17, Spec Error/Element/ValidationError L25420–25480).</summary>
    public static XeroResponse Validation(IEnumerable<JsonObject> elements) => Json(400, new JsonObject
    {
        ["ErrorNumber"] = 10,
        ["Type"] = "ValidationException",
        ["Message"] = "A validation exception occurred",
        ["Elements"] = XeroWire.ToArray(elements),
    });

    /// <summary>A request-level validation failure: one element carrying the messages.</summary>
    public static XeroResponse Validation(params string[] messages) => Validation([XeroValidation.Element(messages)]);

    /// <summary>Xero answers an unknown id with 404 and a plain text body (X17).</summary>
    public static XeroResponse NotFound() => new(404, "The resource you're looking for cannot be found", "text/plain; charset=utf-8");

    public static XeroResponse Problem(int statusCode, string title, string detail) => Json(statusCode, new JsonObject
    {
        ["Type"] = null,
        ["Title"] = title,
        [nameof(Status)] = statusCode, // the problem body's "Status" field
        ["Detail"] = detail,
        ["Instance"] = Guid.NewGuid().ToString(),
        ["Extensions"] = new JsonObject(),
    });
}

internal static class XeroValidation
{
    public static JsonObject Element(params string[] messages) => new()
    {
        ["ValidationErrors"] = Errors(messages),
    };

    public static JsonArray Errors(IEnumerable<string> messages) =>
        XeroWire.ToArray(messages.Select(m => (JsonNode)new JsonObject { ["Message"] = m }));

    /// <summary>Marks an echoed element as failed, as Xero does with summarizeErrors=false (X4).</summary>
    public static JsonObject Failed(JsonObject element, IReadOnlyList<string> messages, string errorsFlag = "HasErrors")
    {
        element[errorsFlag] = true;
        element["StatusAttributeString"] = "ERROR";
        element["ValidationErrors"] = Errors(messages);
        return element;
    }
}
