using System.Text.Json;

namespace CreditFunctions.IntegrationTests.Hosting.Bicep;

/// <summary>Reads the ARM JSON of main.bicep: its modules (nested deployments), their resources and the app's settings.</summary>
internal sealed class CompiledTemplate(JsonElement root)
{
    public JsonElement Root => root;

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public JsonElement Module(string deploymentName) =>
        Resources(root).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == deploymentName)
            .GetProperty("properties").GetProperty("template");

    /// <summary>Resources of a template: an array, or an object keyed by symbolic name (language version 2.0).</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value);
    }

    public static IEnumerable<JsonElement> OfType(JsonElement template, string type) =>
        Resources(template).Where(r => r.GetProperty("type").GetString() == type);

    /// <summary>
    /// The function app's settings, name → value expression: the literal names of the settings object, and the names
    /// of the per-tenant and per-connection loops as their composite format strings (e.g. <c>Tenants__{0}__ApiKey</c>),
    /// each only when the settings resource uses that loop.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var app = Module("functionapp");
        var config = OfType(app, "Microsoft.Web/sites/config").Single(r => r.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal));
        var properties = config.GetProperty("properties").GetString()!;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = ArmExpressions.Arguments(properties, "createObject");
        for (var i = 0; i + 1 < pairs.Count; i += 2)
        {
            settings.Add(ArmExpressions.Literal(pairs[i]) ?? throw new FormatException($"Setting name is not a literal: {pairs[i]}"), pairs[i + 1]);
        }

        if (app.GetProperty("variables").TryGetProperty("copy", out var loops))
        {
            foreach (var loop in loops.EnumerateArray().Where(l => properties.Contains($"variables('{l.GetProperty("name").GetString()}')", StringComparison.Ordinal)))
            {
                foreach (var setting in loop.GetProperty("input").EnumerateObject())
                {
                    var name = ArmExpressions.Arguments(setting.Name, "format") is [var format, ..] ? ArmExpressions.Literal(format) : setting.Name;
                    settings.Add(name!, setting.Value.GetString()!);
                }
            }
        }

        return settings;
    }
}
