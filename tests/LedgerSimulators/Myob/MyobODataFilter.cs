using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// The OData <c>$filter</c> subset MYOB documents (contract §8: <c>Number eq 'CN-1001'</c>,
/// <c>LastModified gt datetime'2015-03-29T03:31:57.19'</c>): comparisons <c>eq ne gt ge lt le</c> joined by
/// <c>and</c>/<c>or</c> (and binds tighter), parentheses, property paths with <c>/</c> (e.g. <c>Customer/UID</c>), and
/// literals <c>'text'</c> (<c>''</c> escapes a quote), <c>datetime'…'</c>, <c>guid'…'</c>, numbers, <c>true</c>/<c>false</c>,
/// <c>null</c>. Evaluated against the entity as the API writes it. Anything else is a 400.
/// </summary>
internal sealed class MyobODataFilter
{
    private readonly Func<JsonObject, bool> _predicate;

    private MyobODataFilter(Func<JsonObject, bool> predicate) => _predicate = predicate;

    public bool Matches(JsonObject entity) => _predicate(entity);

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> when it is not in the subset.</summary>
    public static MyobODataFilter? TryParse(string text, out string? error)
    {
        try
        {
            var parser = new Parser(Tokenize(text));
            var predicate = parser.ParseOr();
            if (!parser.AtEnd)
            {
                throw new FormatException($"Unexpected '{parser.Peek}'.");
            }

            error = null;
            return new MyobODataFilter(predicate);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

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
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')'))
                {
                    if (text[i] == '\'')
                    {
                        // A quoted literal, possibly prefixed (datetime'…', guid'…'); '' is an escaped quote.
                        i++;
                        while (i < text.Length && !(text[i] == '\'' && (i + 1 >= text.Length || text[i + 1] != '\'')))
                        {
                            i += text[i] == '\'' ? 2 : 1;
                        }

                        if (i >= text.Length)
                        {
                            throw new FormatException("Unterminated string literal.");
                        }
                    }

                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens)
    {
        private int _position;

        public bool AtEnd => _position >= tokens.Count;

        public string Peek => AtEnd ? "" : tokens[_position];

        public Func<JsonObject, bool> ParseOr()
        {
            var left = ParseAnd();
            while (string.Equals(Peek, "or", StringComparison.OrdinalIgnoreCase))
            {
                _position++;
                var right = ParseAnd();
                var l = left;
                left = e => l(e) || right(e);
            }

            return left;
        }

        private Func<JsonObject, bool> ParseAnd()
        {
            var left = ParseTerm();
            while (string.Equals(Peek, "and", StringComparison.OrdinalIgnoreCase))
            {
                _position++;
                var right = ParseTerm();
                var l = left;
                left = e => l(e) && right(e);
            }

            return left;
        }

        private Func<JsonObject, bool> ParseTerm()
        {
            if (Peek == "(")
            {
                _position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            var path = Next().Split('/');
            var op = Next().ToLowerInvariant();
            var literal = Literal(Next());
            Func<int, bool> test = op switch
            {
                "eq" => c => c == 0,
                "ne" => c => c != 0,
                "gt" => c => c > 0,
                "ge" => c => c >= 0,
                "lt" => c => c < 0,
                "le" => c => c <= 0,
                _ => throw new FormatException($"Unsupported operator '{op}'."),
            };
            return entity =>
            {
                var compared = Compare(Resolve(entity, path), literal);
                return compared is { } c ? test(c) : op == "ne";
            };
        }

        private string Next() => AtEnd ? throw new FormatException("The filter ends too soon.") : tokens[_position++];

        private void Expect(string token)
        {
            if (Next() != token)
            {
                throw new FormatException($"Expected '{token}'.");
            }
        }
    }

    private static JsonNode? Resolve(JsonObject entity, string[] path)
    {
        JsonNode? node = entity;
        foreach (var segment in path)
        {
            node = node is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node;
    }

    private static object? Literal(string token)
    {
        if (token.StartsWith('\''))
        {
            return Unquote(token);
        }

        if (token.StartsWith("datetime'", StringComparison.OrdinalIgnoreCase))
        {
            return DateTime.TryParse(Unquote(token[8..]), CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"Bad datetime literal {token}.");
        }

        if (token.StartsWith("guid'", StringComparison.OrdinalIgnoreCase))
        {
            return Guid.TryParse(Unquote(token[4..]), out var g) ? g : throw new FormatException($"Bad guid literal {token}.");
        }

        if (token is "true" or "false")
        {
            return token == "true";
        }

        if (token == "null")
        {
            return null;
        }

        return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"Bad literal {token}.");
    }

    private static string Unquote(string quoted) => quoted[1..^1].Replace("''", "'", StringComparison.Ordinal);

    /// <summary>Compares a property's value with a literal; null when they cannot be compared (a missing property, other types).</summary>
    private static int? Compare(JsonNode? value, object? literal)
    {
        if (literal is null)
        {
            return value is null ? 0 : 1;
        }

        if (value is not JsonValue v)
        {
            return null;
        }

        return literal switch
        {
            string s when v.TryGetValue<string>(out var text) => string.Compare(text, s, StringComparison.OrdinalIgnoreCase),
            Guid g when v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id) => id.CompareTo(g),
            DateTime d when v.TryGetValue<string>(out var text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at.CompareTo(d),
            decimal n when v.TryGetValue<decimal>(out var number) => number.CompareTo(n),
            bool b when v.TryGetValue<bool>(out var flag) => flag.CompareTo(b),
            _ => null,
        };
    }
}
