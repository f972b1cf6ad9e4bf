using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// The query language for the reads an integration needs (contract §10): <c>SELECT * | COUNT(*) FROM Entity [WHERE f op v
/// [AND …]] [ORDERBY f [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]</c>, with =, &lt;, &gt;, &lt;=, &gt;=, IN and LIKE
/// ('%' wildcards); strings in single quotes, a quote escaped with a backslash. At most 1000 rows, default 100,
/// STARTPOSITION 1-based. DocNumber is not filterable on Payment ("Filter support not provided for Payment", F L4785).
/// Parse and validation errors are 4000 / 4001 QueryParserError / QueryValidationError (codes UNVERIFIED).
/// </summary>
internal sealed class QuickBooksQuery
{
    private static readonly HashSet<string> Filterable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "DocNumber", "TxnDate", "CustomerRef", "MetaData.CreateTime", "MetaData.LastUpdatedTime", "DisplayName", "Active", "TotalAmt", "Balance", "PaymentRefNum", "VendorRef",
    };

    private QuickBooksQuery(string entity, bool count)
    {
        Entity = entity;
        Count = count;
    }

    public string Entity { get; }

    public bool Count { get; }

    public List<(string Field, string Op, List<string> Values)> Conditions { get; } = [];

    public (string Field, bool Descending)? OrderBy { get; private set; }

    public int StartPosition { get; private set; } = 1;

    public int MaxResults { get; private set; } = 100;

    /// <summary>Parses <paramref name="text"/>; null with a Fault when it is not a query the simulator (or QBO) accepts.</summary>
    public static QuickBooksQuery? Parse(string text, out JsonObject? fault)
    {
        fault = null;
        var tokens = Tokenize(text);
        var i = 0;
        string Next() => i < tokens.Count ? tokens[i++] : "";
        bool Is(string word) => i < tokens.Count && string.Equals(tokens[i], word, StringComparison.OrdinalIgnoreCase);
        JsonObject Error(string detail) => QuickBooksWire.Fault("ValidationFault", "4000", "Error parsing query", "QueryParserError: " + detail);

        if (!string.Equals(Next(), "select", StringComparison.OrdinalIgnoreCase))
        {
            fault = Error("Encountered an unexpected start; expected SELECT.");
            return null;
        }

        var projection = Next();
        var count = string.Equals(projection, "count(*)", StringComparison.OrdinalIgnoreCase);
        if (projection != "*" && !count)
        {
            fault = Error($"Encountered \"{projection}\"; select * or count(*).");
            return null;
        }

        if (!string.Equals(Next(), "from", StringComparison.OrdinalIgnoreCase))
        {
            fault = Error("Expected FROM.");
            return null;
        }

        var entityToken = Next();
        var entity = entityToken.Equals("Preferences", StringComparison.OrdinalIgnoreCase) ? "Preferences"
            : QuickBooksSchema.EntityNames.TryGetValue(entityToken, out var name) ? name : null;
        if (entity is null)
        {
            fault = Error($"Unknown entity \"{entityToken}\".");
            return null;
        }

        var query = new QuickBooksQuery(entity, count);
        if (Is("where"))
        {
            i++;
            do
            {
                var field = Next();
                var op = Next().ToUpperInvariant();
                var values = new List<string>();
                if (op == "IN")
                {
                    if (Next() != "(")
                    {
                        fault = Error("IN expects a parenthesised list.");
                        return null;
                    }

                    while (i < tokens.Count && tokens[i] != ")")
                    {
                        var value = Next();
                        if (value != ",")
                        {
                            values.Add(Unquote(value));
                        }
                    }

                    Next();
                }
                else if (op is "=" or "<" or ">" or "<=" or ">=" or "LIKE")
                {
                    values.Add(Unquote(Next()));
                }
                else
                {
                    fault = Error($"Unexpected operator \"{op}\".");
                    return null;
                }

                if (!Filterable.Contains(field) || (entity == "Payment" && field.Equals("DocNumber", StringComparison.OrdinalIgnoreCase)))
                {
                    fault = QuickBooksWire.Fault("ValidationFault", "4001", "Invalid query", $"QueryValidationError: property '{field}' is not queryable on {entity}. Filter support not provided for {entity}.");
                    return null;
                }

                query.Conditions.Add((field, op, values));
            }
            while (Is("and") && Next() != "");
        }

        if (Is("orderby"))
        {
            i++;
            var field = Next();
            var descending = Is("desc");
            if (Is("desc") || Is("asc"))
            {
                i++;
            }

            query.OrderBy = (field, descending);
        }

        while (i < tokens.Count)
        {
            var word = Next();
            if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                fault = Error($"Expected a number after {word}.");
                return null;
            }

            if (word.Equals("startposition", StringComparison.OrdinalIgnoreCase) && n >= 1)
            {
                query.StartPosition = n;
            }
            else if (word.Equals("maxresults", StringComparison.OrdinalIgnoreCase) && n is >= 1 and <= 1000)
            {
                query.MaxResults = n;
            }
            else
            {
                fault = Error($"Unexpected \"{word} {n}\" (MAXRESULTS is 1 to 1000, STARTPOSITION from 1).");
                return null;
            }
        }

        return query;
    }

    public bool Matches(JsonObject entity) => Conditions.All(c =>
    {
        var actual = Value(entity, c.Field);
        return c.Op switch
        {
            "=" => c.Values.Any(v => Equal(actual, v)),
            "IN" => c.Values.Any(v => Equal(actual, v)),
            "LIKE" => actual is not null && Like(actual, c.Values[0]),
            _ => actual is not null && Compare(actual, c.Values[0]) is var order && c.Op switch
            {
                "<" => order < 0,
                ">" => order > 0,
                "<=" => order <= 0,
                _ => order >= 0,
            },
        };
    });

    public IEnumerable<JsonObject> Sort(IEnumerable<JsonObject> rows) =>
        OrderBy is not { } order ? rows.OrderBy(r => long.TryParse(QuickBooksWire.Text(r["Id"]), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
        : order.Descending ? rows.OrderByDescending(r => Value(r, order.Field), StringComparer.Ordinal)
        : rows.OrderBy(r => Value(r, order.Field), StringComparer.Ordinal);

    public static string? Value(JsonObject entity, string field)
    {
        JsonNode? node = entity;
        foreach (var part in field.Split('.'))
        {
            node = (node as JsonObject)?.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return node is JsonObject reference ? QuickBooksWire.Text(reference["value"]) : node is null ? null : QuickBooksWire.Text(node);
    }

    private static bool Equal(string? actual, string expected) =>
        actual is not null && (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            || (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) && a == b));

    private static int Compare(string actual, string expected) =>
        decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(actual, expected);

    private static bool Like(string actual, string pattern)
    {
        var parts = pattern.Split('%');
        if (parts.Length == 1)
        {
            return string.Equals(actual, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var position = 0;
        for (var p = 0; p < parts.Length; p++)
        {
            var found = actual.IndexOf(parts[p], position, StringComparison.OrdinalIgnoreCase);
            if (found < 0 || (p == 0 && found != 0))
            {
                return false;
            }

            position = found + parts[p].Length;
        }

        return parts[^1].Length == 0 || actual.EndsWith(parts[^1], StringComparison.OrdinalIgnoreCase);
    }

    private static string Unquote(string token) => token.Length >= 2 && token[0] == '\'' ? token[1..^1] : token;

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder("'");
                i++;
                while (i < text.Length && text[i] != '\'')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                i++;
                tokens.Add(value.Append('\'').ToString());
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>' or '=')
            {
                var op = i + 1 < text.Length && text[i + 1] == '=' ? text.Substring(i, 2) : c.ToString();
                tokens.Add(op);
                i += op.Length;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '<' or '>' or '=' or '\''))
                {
                    i++;
                }

                var word = text[start..i];
                if (word.Equals("count", StringComparison.OrdinalIgnoreCase) && text.AsSpan(i).TrimStart().StartsWith("(*)", StringComparison.Ordinal))
                {
                    i = text.IndexOf(')', i) + 1;
                    word = "count(*)";
                }

                tokens.Add(word);
            }
        }

        return tokens;
    }
}
