using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// The subset of Xero's <c>where</c> syntax (X19) a sync client uses: clauses joined by <c>AND</c>/<c>&amp;&amp;</c>
/// or <c>OR</c>/<c>||</c> (no parentheses), each <c>Path op Value</c> with op in == != &gt;= &lt;= &gt; &lt;, the path dotted
/// into the wire object (<c>Contact.ContactID</c>), and the value a "string", Guid("…"), DateTime(y,m,d), a
/// number, true or false. String equality ignores case. Anything else is refused with a 400, naming the clause.
/// </summary>
internal sealed partial class XeroWhereFilter
{
    private readonly List<List<Clause>> _anyOf;

    private XeroWhereFilter(List<List<Clause>> anyOf) => _anyOf = anyOf;

    public static bool TryParse(string? where, out XeroWhereFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        if (string.IsNullOrWhiteSpace(where))
        {
            return true;
        }

        var anyOf = new List<List<Clause>>();
        foreach (var alternative in OrSplit().Split(where))
        {
            var allOf = new List<Clause>();
            foreach (var text in AndSplit().Split(alternative))
            {
                var match = ClausePattern().Match(text.Trim());
                if (!match.Success)
                {
                    error = $"The where clause '{text.Trim()}' is not supported by the simulator.";
                    return false;
                }

                allOf.Add(new Clause(match.Groups["path"].Value.Split('.'), match.Groups["op"].Value, ParseValue(match.Groups["value"].Value)));
            }

            anyOf.Add(allOf);
        }

        filter = new XeroWhereFilter(anyOf);
        return true;
    }

    /// <summary>The value of a single <c>Field=="value"</c> clause (the read-back by number), so callers can narrow before building wire objects.</summary>
    public string? SingleEquality(string field) =>
        _anyOf is [[{ Op: "==", Value: string value } clause]] && clause.Path is [var only] && only.Equals(field, StringComparison.OrdinalIgnoreCase) ? value : null;

    public bool Matches(JsonObject wire) => _anyOf.Any(all => all.All(c => c.Matches(wire)));

    private static object ParseValue(string text)
    {
        text = text.Trim();
        var guid = GuidPattern().Match(text);
        if (guid.Success)
        {
            return guid.Groups[1].Value;
        }

        var date = DatePattern().Match(text);
        if (date.Success)
        {
            var parts = date.Groups[1].Value.Split(',').Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToArray();
            return new DateTimeOffset(parts[0], parts[1], parts[2], parts.ElementAtOrDefault(3), parts.ElementAtOrDefault(4), parts.ElementAtOrDefault(5), TimeSpan.Zero);
        }

        if (text.StartsWith('"') && text.EndsWith('"') && text.Length >= 2)
        {
            return text[1..^1];
        }

        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }

        return decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\s+(?:OR|\|\|)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex OrSplit();

    [GeneratedRegex(@"\s+(?:AND|&&)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^(?<path>[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\s*(?<op>==|!=|>=|<=|>|<)\s*(?<value>""[^""]*""|Guid\(""?[0-9a-fA-F-]{36}""?\)|DateTime\([0-9, ]+\)|true|false|-?[0-9]+(?:\.[0-9]+)?)$")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"^Guid\(""?([0-9a-fA-F-]{36})""?\)$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^DateTime\(([0-9, ]+)\)$")]
    private static partial Regex DatePattern();

    private sealed record Clause(string[] Path, string Op, object Value)
    {
        public bool Matches(JsonObject wire)
        {
            JsonNode? node = wire;
            foreach (var segment in Path)
            {
                node = node is JsonObject obj ? obj[segment] : null;
            }

            var comparison = Compare(node as JsonValue);
            return Op switch
            {
                "==" => comparison == 0,
                "!=" => comparison != 0,
                ">=" => comparison is >= 0,
                "<=" => comparison is <= 0,
                ">" => comparison is > 0,
                "<" => comparison is < 0,
                _ => false,
            };
        }

        // Null when the values cannot be compared (absent field, or different kinds).
        private int? Compare(JsonValue? actual)
        {
            if (actual is null)
            {
                return null;
            }

            switch (Value)
            {
                case string text when actual.TryGetValue<string>(out var value):
                    return string.Compare(value, text, StringComparison.OrdinalIgnoreCase);
                case DateTimeOffset instant when actual.TryGetValue<string>(out var value) && XeroWire.TryParseMsDate(value, out var date):
                    return date.CompareTo(instant);
                case bool flag when actual.TryGetValue<bool>(out var value):
                    return value.CompareTo(flag);
                case decimal number when actual.TryGetValue<decimal>(out var value):
                    return value.CompareTo(number);
                default:
                    return null;
            }
        }
    }
}
