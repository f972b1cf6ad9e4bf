using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CreditFunctions.IntegrationTests.Hosting.Bicep;

/// <summary>
/// Just enough of ARM's expression language to read compiled Bicep without deploying it: split a call's arguments,
/// read string literals, and follow <c>variables('x').a.b</c> to a value. Anything else stays expression text.
/// </summary>
internal static partial class ArmExpressions
{
    /// <summary>The arguments of the first call to <paramref name="function"/> in <paramref name="expression"/>, as text.</summary>
    public static IReadOnlyList<string> Arguments(string expression, string function)
    {
        var at = expression.IndexOf(function + "(", StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }

        var arguments = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var inString = false;
        for (var i = at + function.Length + 1; i < expression.Length; i++)
        {
            var c = expression[i];
            if (inString)
            {
                // '' is an escaped quote inside a literal.
                if (c == '\'' && i + 1 < expression.Length && expression[i + 1] == '\'')
                {
                    current.Append("''");
                    i++;
                    continue;
                }

                inString = c != '\'';
            }
            else if (c == '\'')
            {
                inString = true;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                if (depth-- == 0)
                {
                    arguments.Add(current.ToString().Trim());
                    return arguments;
                }
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        throw new FormatException($"Unbalanced call to {function}: {expression}");
    }

    /// <summary>The text of a string literal <c>'…'</c>, or null when <paramref name="argument"/> is not one.</summary>
    public static string? Literal(string argument) =>
        argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'' ? argument[1..^1].Replace("''", "'", StringComparison.Ordinal) : null;

    /// <summary>
    /// The value <paramref name="expression"/> names when it is <c>variables('x')</c> followed by property names
    /// (optionally inside <c>string(…)</c>), read from <paramref name="variables"/>; null otherwise.
    /// </summary>
    public static JsonElement? Resolve(string expression, JsonElement variables)
    {
        if (Arguments(expression, "string") is [var inner] && expression.StartsWith("string(", StringComparison.Ordinal))
        {
            expression = inner;
        }

        var match = VariablePath().Match(expression.Trim('[', ']'));
        if (!match.Success || !variables.TryGetProperty(match.Groups[1].Value, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith('['))
        {
            value = Resolve(value.GetString()!, variables) ?? default;
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                return null;
            }
        }

        foreach (var name in match.Groups[2].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!value.TryGetProperty(name, out value))
            {
                return null;
            }
        }

        return value;
    }

    [GeneratedRegex(@"^variables\('([^']+)'\)((?:\.\w+)*)$")]
    private static partial Regex VariablePath();
}
