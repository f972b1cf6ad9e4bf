using System.Globalization;
using System.Text.Json;

namespace CreditFunctions.App.Hosting.Invocations;

/// <summary>
/// Tolerant reader for the host's invocation body <c>{Data, Metadata}</c> (azure-platform.md §1.2). The host
/// serialises with Newtonsoft and reads keys case-insensitively, so this does too; dates may come as strings.
/// </summary>
internal static class InvocationPayload
{
    public static JsonElement? Get(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    public static string? String(JsonElement? element, string name) => Get(element, name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => value.GetRawText(),
        null => null,
    };

    public static long? Long(JsonElement? element, string name) => Get(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.GetInt64(),
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static bool? Bool(JsonElement? element, string name) => Get(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } value when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    };

    public static DateTimeOffset? Date(JsonElement? element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>
    /// The queue message text from <c>Data.&lt;binding&gt;</c>: a JSON string holding the already-decoded message
    /// (§1.2 b). Should the host ever hand over the message as a JSON value, its raw text is the message.
    /// </summary>
    public static string? MessageText(JsonElement? data, string bindingName) => Get(data, bindingName) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => value.GetRawText(),
        null => null,
    };
}
