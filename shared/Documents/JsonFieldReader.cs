using System.Globalization;
using System.Text.Json;

namespace CreditFunctions.Documents;

/// <summary>
/// Reads typed fields out of an untrusted <see cref="JsonElement"/> and records a <see cref="FieldError"/>
/// for each field that is missing or of the wrong shape, so one pass reports every problem.
/// Numbers are read as <see cref="decimal"/> straight from the UTF-8 digits (never through double).
/// </summary>
internal sealed class JsonFieldReader
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static string Index(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>A property that is present and not null; a missing required one is recorded.</summary>
    public bool TryGet(JsonElement parentObject, string parent, string name, bool required, out JsonElement value)
    {
        if (parentObject.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Add(Path(parent, name), "is required.");
        }

        return false;
    }

    public JsonElement? Object(JsonElement parentObject, string parent, string name, bool required = true)
    {
        if (!TryGet(parentObject, parent, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(Path(parent, name), "must be an object.");
            return null;
        }

        return value;
    }

    public JsonElement? Array(JsonElement parentObject, string parent, string name, bool required, int maxItems)
    {
        if (!TryGet(parentObject, parent, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(Path(parent, name), "must be an array.");
            return null;
        }

        if (value.GetArrayLength() > maxItems)
        {
            Add(Path(parent, name), $"must have at most {maxItems} items.");
            return null;
        }

        return value;
    }

    /// <summary>A string of 1..<paramref name="maxLength"/> characters that is not only white space.</summary>
    public string? String(JsonElement parentObject, string parent, string name, bool required, int maxLength)
    {
        if (!TryGet(parentObject, parent, name, required, out var value))
        {
            return null;
        }

        var path = Path(parent, name);
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, "must be a string.");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(path, "must not be empty.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    public decimal? Decimal(JsonElement parentObject, string parent, string name, bool required = true)
    {
        if (!TryGet(parentObject, parent, name, required, out var value))
        {
            return null;
        }

        var path = Path(parent, name);
        if (value.ValueKind != JsonValueKind.Number)
        {
            Add(path, "must be a number.");
            return null;
        }

        if (!value.TryGetDecimal(out var number) || Math.Abs(number) > MaxMagnitude)
        {
            Add(path, "is out of range.");
            return null;
        }

        return number;
    }

    /// <summary>An integral JSON number (no fraction, no exponent) that fits in a long.</summary>
    public long? Integer(JsonElement parentObject, string parent, string name, bool required = true)
    {
        if (!TryGet(parentObject, parent, name, required, out var value))
        {
            return null;
        }

        var path = Path(parent, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Add(path, "must be an integer.");
            return null;
        }

        return number;
    }

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>.</summary>
    public DateOnly? Date(JsonElement parentObject, string parent, string name, bool required = true)
    {
        var text = String(parentObject, parent, name, required, 10);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(Path(parent, name), "must be a date written yyyy-MM-dd.");
            return null;
        }

        return date;
    }

    /// <summary>Largest magnitude accepted for any amount: keeps every sum and product far from decimal overflow.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;
}
