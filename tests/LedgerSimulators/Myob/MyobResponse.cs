using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>One answer of the simulated API: status, JSON body (or none) and extra headers such as <c>Location</c>.</summary>
internal sealed record MyobResponse(int Status, JsonNode? Body = null)
{
    public string? Location { get; init; }

    public static MyobResponse Ok(JsonNode? body = null) => new(200, body);

    /// <summary>
    /// MYOB's error body (contract §10; S/Error.cs): <c>Errors[]</c> of Name, Message, AdditionalDetails, ErrorCode (an int,
    /// null for generic errors), Severity, LearnMore, and the "not finalised" Information line of the real responses.
    /// </summary>
    public static MyobResponse Error(int status, string name, string message, string? details = null, int? code = null) =>
        new(status, new JsonObject
        {
            ["Errors"] = new JsonArray(new JsonObject
            {
                ["Name"] = name,
                ["Message"] = message,
                ["AdditionalDetails"] = details,
                ["ErrorCode"] = code,
                ["Severity"] = "Error",
                ["LearnMore"] = null,
            }),
            ["Information"] = "Warning, error messages have not been finalised in this release and may change",
        });

    /// <summary>400 <c>Required</c> / 100: "[Field] is required" (contract §10).</summary>
    public static MyobResponse Required(string field) => Error(400, "Required", $"{field} is required", field, 100);

    /// <summary>400 <c>NotFound</c> / 150: a referenced contact, account, tax code, item or job does not exist (contract §10).</summary>
    public static MyobResponse ReferenceNotFound(string field, Guid uid) => Error(400, "NotFound", $"The {field} with UID of '{uid}' cannot be found.", field, 150);

    /// <summary>
    /// A business rule the contract names no error for (settlement over the credit, an invoice that is not open): the
    /// simulator's own name, marked as such in docs/myob-simulator.md, with ErrorCode null like MYOB's generic errors.
    /// </summary>
    public static MyobResponse Rule(string name, string message, string? details = null) => Error(400, name, message, details);

    /// <summary>404 with no body: unknown id, or PUT to a record that does not exist (contract §8, §10).</summary>
    public static MyobResponse NotFound() => new(404);
}
