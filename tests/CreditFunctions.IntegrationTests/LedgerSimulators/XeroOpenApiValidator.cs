using System.Text.Json.Nodes;
using NJsonSchema;

namespace CreditFunctions.IntegrationTests.LedgerSimulators;

/// <summary>
/// Validates Xero Accounting API traffic against Xero's official OpenAPI description (contracts/xero/
/// xero_accounting.json, v16.1.0) with NJsonSchema 10.7.2. The spec is OpenAPI 3.0, not JSON Schema, so it
/// is converted once, leniently where OpenAPI 3.0 differs and strictly where it helps catch mistakes:
/// <list type="bullet">
/// <item>Lenient: keys next to a <c>$ref</c> are dropped (OpenAPI 3.0 ignores them: e.g. <c>LineAmountTypes</c>
/// carries both <c>$ref</c> and <c>type</c>); <c>nullable: true</c> becomes <c>type: [T, "null"]</c>;
/// <c>example</c>, <c>default</c>, <c>description</c>, <c>externalDocs</c> and <c>x-*</c> are dropped (the spec
/// writes boolean defaults as strings); <c>Element</c> (inside 400 errors) stays open, because Xero echoes the
/// whole failed object there; response statuses the spec does not list but Xero documents (401, 403, 404,
/// 429, 500, 503: X17) are accepted without a body check, and an undeclared 400 (e.g. a GET with a bad
/// <c>where</c>) must still be Xero's Error model.</item>
/// <item>Strict: every object schema with properties is closed (<c>additionalProperties: false</c>), except for
/// the envelope and companion fields Xero really sends but the spec omits (<see cref="UndocumentedFields"/>);
/// query parameters must be declared by the operation; the required <c>xero-tenant-id</c> header must be
/// present; the path and method must exist.</item>
/// </list>
/// </summary>
public sealed class XeroOpenApiValidator
{
    /// <summary>Sent by Xero on every response or beside its dates, though absent from the spec's schemas.</summary>
    public static readonly IReadOnlyList<string> UndocumentedFields = ["Id", "Status", "ProviderName", "DateTimeUTC", "DateString", "DueDateString"];

    private static readonly int[] UndocumentedStatuses = [401, 403, 404, 429, 500, 503];
    private static readonly string[] OpenSchemas = ["Element"];
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static XeroOpenApiValidator? _shared;

    private readonly JsonObject _paths;
    private readonly JsonObject _parameters;
    private readonly JsonSchema _schemas;

    private XeroOpenApiValidator(JsonObject paths, JsonObject parameters, JsonSchema schemas)
    {
        _paths = paths;
        _parameters = parameters;
        _schemas = schemas;
    }

    /// <summary>The validator over the repository's copy of the spec, loaded once per test run.</summary>
    public static async Task<XeroOpenApiValidator> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            return _shared ??= await LoadAsync(LocateSpec());
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Finds <c>docs/contracts/xero/xero_accounting.json</c> in the repository (the folder with CreditFunctions.sln).</summary>
    public static string LocateSpec()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CreditFunctions.sln")))
            {
                var spec = Path.Combine(directory.FullName, "docs", "contracts", "xero", "xero_accounting.json");
                return File.Exists(spec) ? spec : throw new FileNotFoundException("The Xero OpenAPI description is missing from the repository.", spec);
            }
        }

        throw new DirectoryNotFoundException("No CreditFunctions.sln above " + AppContext.BaseDirectory);
    }

    public static async Task<XeroOpenApiValidator> LoadAsync(string specPath)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(specPath))!.AsObject();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var definitions = new JsonObject();
        var properties = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            definitions[name] = Convert(schema!, closed: !OpenSchemas.Contains(name));
            properties[name] = new JsonObject { ["$ref"] = "#/definitions/" + name };
        }

        var root = new JsonObject { ["definitions"] = definitions, ["properties"] = properties };
        var loaded = await JsonSchema.FromJsonAsync(root.ToJsonString());
        return new XeroOpenApiValidator(document["paths"]!.AsObject(), document["components"]!["parameters"]!.AsObject(), loaded);
    }

    /// <summary>Validates one JSON document against a named schema of the spec (e.g. "CreditNotes"); returns the violations.</summary>
    public IReadOnlyList<string> ValidateSchema(string schemaName, string json)
    {
        if (!_schemas.Properties.TryGetValue(schemaName, out var property))
        {
            return [$"the spec has no schema '{schemaName}'"];
        }

        try
        {
            return [.. property.ActualSchema.Validate(json).Select(Describe)];
        }
        catch (Newtonsoft.Json.JsonException exception)
        {
            return [$"not JSON: {exception.Message}"];
        }
    }

    /// <summary>
    /// Validates one exchange with the Accounting API (<c>/api.xro/2.0/…</c>); other paths are not Xero Accounting and pass.
    /// A null <paramref name="statusCode"/> means no response went out: only the request is checked.
    /// </summary>
    public IReadOnlyList<string> ValidateExchange(
        string method,
        string path,
        IReadOnlyDictionary<string, string> query,
        IReadOnlyDictionary<string, string> requestHeaders,
        string requestBody,
        int? statusCode,
        string? responseContentType,
        string responseBody)
    {
        const string Root = "/api.xro/2.0";
        if (!path.StartsWith(Root + "/", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var violations = new List<string>();
        var template = MatchPath(path[Root.Length..]);
        var operation = template is null ? null : _paths[template]![method.ToLowerInvariant()] as JsonObject;
        if (operation is null)
        {
            return [$"{method} {path}: no such operation in the spec"];
        }

        var declared = (operation["parameters"] as JsonArray ?? []).Select(Parameter).Where(p => p is not null).Select(p => p!).ToList();
        foreach (var name in query.Keys.Where(k => !declared.Exists(p => p["in"]!.GetValue<string>() == "query" && p["name"]!.GetValue<string>() == k)))
        {
            violations.Add($"{method} {template}: query parameter '{name}' is not declared");
        }

        if (!requestHeaders.ContainsKey("xero-tenant-id"))
        {
            violations.Add($"{method} {template}: required header xero-tenant-id is missing");
        }

        if (operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"] is JsonValue requestRef)
        {
            violations.AddRange(ValidateSchema(SchemaName(requestRef), requestBody).Select(v => $"{method} {template} request: {v}"));
        }
        else if (requestBody.Length > 0)
        {
            violations.Add($"{method} {template}: the operation takes no body");
        }

        if (statusCode is null)
        {
            return violations; // no response went out (the call was held or dropped before answering)
        }

        var response = operation["responses"]?[statusCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response is null && statusCode == 400)
        {
            // X17: any call can fail with 400 in Xero's error model, though the Spec lists 400 only on writes.
            violations.AddRange(ValidateSchema("Error", responseBody).Select(v => $"{method} {template} 400 response: {v}"));
            return violations;
        }

        if (response is null)
        {
            if (!UndocumentedStatuses.Contains(statusCode.Value))
            {
                violations.Add($"{method} {template}: status {statusCode} is not a response of the operation");
            }

            return violations;
        }

        if (response["$ref"] is JsonValue)
        {
            // The only shared response these operations use: responses.400Error → schemas.Error.
            response = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Error" } } } };
        }

        if (response?["content"]?["application/json"]?["schema"]?["$ref"] is JsonValue bodyRef)
        {
            if (responseContentType is null || !responseContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{method} {template} {statusCode}: content type '{responseContentType}' is not application/json");
            }

            violations.AddRange(ValidateSchema(SchemaName(bodyRef), responseBody).Select(v => $"{method} {template} {statusCode} response: {v}"));
        }

        return violations;
    }

    private static string SchemaName(JsonValue reference) => reference.GetValue<string>().Split('/')[^1];

    private JsonObject? Parameter(JsonNode? parameter)
    {
        if (parameter?["$ref"] is JsonValue reference)
        {
            return _parameters[reference.GetValue<string>().Split('/')[^1]] as JsonObject;
        }

        return parameter as JsonObject;
    }

    private string? MatchPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? best = null;
        var bestLiterals = -1;
        foreach (var (template, _) in _paths)
        {
            var parts = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != segments.Length)
            {
                continue;
            }

            var literals = 0;
            var matches = true;
            for (var i = 0; i < parts.Length && matches; i++)
            {
                if (parts[i].StartsWith('{'))
                {
                    continue;
                }

                matches = parts[i].Equals(segments[i], StringComparison.OrdinalIgnoreCase);
                literals++;
            }

            if (matches && literals > bestLiterals)
            {
                best = template;
                bestLiterals = literals;
            }
        }

        return best;
    }

    private static JsonNode Convert(JsonNode node, bool closed)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : Convert(item, closed))]);
            case JsonObject obj when obj["$ref"] is JsonValue reference:
                // OpenAPI 3.0: siblings of $ref are ignored.
                return new JsonObject { ["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal) };
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "nullable" or "example" or "default" or "description" or "externalDocs" or "readOnly" or "writeOnly" || key.StartsWith("x-", StringComparison.Ordinal) || value is null)
                    {
                        continue;
                    }

                    result[key] = key == "properties"
                        ? new JsonObject([.. value.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value!, closed)))])
                        : Convert(value, closed);
                }

                if (obj["nullable"] is JsonValue nullable && nullable.GetValue<bool>() && result["type"] is JsonValue type)
                {
                    result["type"] = new JsonArray(type.GetValue<string>(), "null");
                }

                if (closed && result["properties"] is JsonObject properties && !result.ContainsKey("additionalProperties"))
                {
                    foreach (var field in UndocumentedFields.Where(f => !properties.ContainsKey(f)))
                    {
                        properties[field] = new JsonObject();
                    }

                    result["additionalProperties"] = false;
                }

                return result;
            default:
                return node.DeepClone();
        }
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child && child.Errors.Count > 0
            ? $"{error.Kind} at {error.Path}: [{string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]"
            : $"{error.Kind} at {error.Path}";
}
