using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.App.Hosting.Invocations;

/// <summary>
/// The handler's answer <c>{Outputs, Logs, ReturnValue}</c> (azure-platform.md §1.3). Output values are
/// always JSON objects: the host base64-decodes string outputs that happen to be valid base64.
/// </summary>
internal sealed record InvocationResult(JsonObject Outputs, IReadOnlyList<string> Logs, JsonNode? ReturnValue)
{
    /// <summary>PascalCase as documented; the host reads the body with Newtonsoft.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.General);
}
