using System.Text.Json;

namespace CreditFunctions.Documents;

/// <summary>
/// Reads <c>data.creditNote</c> and checks that its money adds up. The rounding rule (served in the OpenAPI
/// document) follows Xero, which rounds per line and then sums the rounded line values
/// (https://developer.xero.com/documentation/api-guides/rounding-in-xero):
/// <list type="bullet">
/// <item><c>lineAmount = round(quantity × unitAmount, p)</c> where p is the currency's minor-unit precision and
/// a midpoint rounds half away from zero (<see cref="MidpointRounding.AwayFromZero"/>: commercial rounding; the
/// Xero guide does not name its midpoint rule, so this is the contract's own choice).</item>
/// <item><c>subtotal = Σ lineAmount</c>, <c>totalTax = Σ taxAmount</c> (tax is stated per line, never recomputed).</item>
/// <item>exclusive: <c>total = subtotal + totalTax</c>; inclusive: line amounts include tax, so
/// <c>total = subtotal</c> and <c>totalTax ≤ subtotal</c>; noTax: every <c>taxAmount</c> is 0 and <c>total = subtotal</c>.</item>
/// <item>allocations: each amount &gt; 0, their sum ≤ total.</item>
/// </list>
/// </summary>
internal static class CreditNoteRules
{
    public static CreditNote? Read(JsonElement note, string path, JsonFieldReader fields)
    {
        var errorsBefore = fields.Errors.Count;

        var id = OrderEventReader.ReadId(note, path, "id", fields);
        var version = fields.Integer(note, path, "version");
        if (version is < 1)
        {
            fields.Add(JsonFieldReader.Path(path, "version"), "must be 1 or more.");
        }

        var number = fields.String(note, path, "number", required: true, DocumentLimits.MaxTextLength);
        var kind = Enum(note, path, "kind", OrderEventNames.ParseKind, "receivable, payable", fields);
        var date = fields.Date(note, path, "date");
        var (currency, precision) = ReadCurrency(note, path, fields);

        var contact = ReadContact(note, path, fields);
        var amountsAre = Enum(note, path, "amountsAre", OrderEventNames.ParseAmountsAre, "exclusive, inclusive, noTax", fields);
        var lines = ReadLines(note, path, precision, fields);
        var subtotal = Money(note, path, "subtotal", precision, fields, minimum: null);
        var totalTax = Money(note, path, "totalTax", precision, fields, minimum: 0m);
        var total = Money(note, path, "total", precision, fields, minimum: 0m);
        var reference = fields.String(note, path, "reference", required: false, DocumentLimits.MaxTextLength);
        var allocations = ReadAllocations(note, path, precision, fields);

        CheckTotals(path, amountsAre, lines, subtotal, totalTax, total, fields);
        if (allocations is not null && total is { } t && allocations.All(a => a is not null)
            && allocations.Sum(a => a!.Amount) > t)
        {
            fields.Add(JsonFieldReader.Path(path, "allocations"), "must not allocate more than total.");
        }

        if (fields.Errors.Count != errorsBefore)
        {
            return null;
        }

        return new CreditNote(
            id!, version!.Value, number!, kind!.Value, date!.Value, currency!, contact!, amountsAre!.Value,
            lines!.Select(l => l!).ToArray(), subtotal!.Value, totalTax!.Value, total!.Value, reference,
            allocations?.Select(a => a!).ToArray() ?? []);
    }

    /// <summary>The currency code and its minor-unit precision; the precision is null when the code is missing or unknown.</summary>
    internal static (string? Currency, int? Precision) ReadCurrency(JsonElement parentObject, string path, JsonFieldReader fields)
    {
        var currency = fields.String(parentObject, path, "currency", required: true, 3);
        if (currency is null)
        {
            return (null, null);
        }

        var precision = Currencies.Precision(currency);
        if (precision is null)
        {
            fields.Add(JsonFieldReader.Path(path, "currency"), "must be an active ISO 4217 code in upper case, e.g. AUD.");
        }

        return (currency, precision);
    }

    internal static T? Enum<T>(JsonElement note, string path, string name, Func<string, T?> parse, string allowed, JsonFieldReader fields)
        where T : struct
    {
        var text = fields.String(note, path, name, required: true, 20);
        if (text is null)
        {
            return null;
        }

        var value = parse(text);
        if (value is null)
        {
            fields.Add(JsonFieldReader.Path(path, name), $"must be one of {allowed}.");
        }

        return value;
    }

    internal static CreditNoteContact? ReadContact(JsonElement note, string path, JsonFieldReader fields)
    {
        var contactPath = JsonFieldReader.Path(path, "contact");
        if (fields.Object(note, path, "contact") is not { } contact)
        {
            return null;
        }

        var id = fields.String(contact, contactPath, "id", required: true, DocumentLimits.MaxTextLength);
        var name = fields.String(contact, contactPath, "name", required: true, DocumentLimits.MaxTextLength);
        var email = fields.String(contact, contactPath, "email", required: false, DocumentLimits.MaxTextLength);
        return id is not null && name is not null ? new CreditNoteContact(id, name, email) : null;
    }

    /// <summary>The lines, with null for a line that has an error; null when the array itself is unusable.</summary>
    private static List<CreditNoteLine?>? ReadLines(JsonElement note, string path, int? precision, JsonFieldReader fields)
    {
        var linesPath = JsonFieldReader.Path(path, "lines");
        if (fields.Array(note, path, "lines", required: true, DocumentLimits.MaxLines) is not { } array)
        {
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            fields.Add(linesPath, "must have at least one line.");
            return null;
        }

        var lines = new List<CreditNoteLine?>(array.GetArrayLength());
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            lines.Add(ReadLine(element, JsonFieldReader.Index(linesPath, index++), precision, fields));
        }

        return lines;
    }

    private static CreditNoteLine? ReadLine(JsonElement line, string path, int? precision, JsonFieldReader fields)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            fields.Add(path, "must be an object.");
            return null;
        }

        var errorsBefore = fields.Errors.Count;
        var description = fields.String(line, path, "description", required: true, DocumentLimits.MaxDescriptionLength);
        var quantity = Places(line, path, "quantity", DocumentLimits.MaxUnitDecimals, fields);
        if (quantity is <= 0m)
        {
            fields.Add(JsonFieldReader.Path(path, "quantity"), "must be greater than 0.");
        }

        var unitAmount = Places(line, path, "unitAmount", DocumentLimits.MaxUnitDecimals, fields);
        var accountCode = fields.String(line, path, "accountCode", required: true, DocumentLimits.MaxCodeLength);
        var taxType = fields.String(line, path, "taxType", required: false, DocumentLimits.MaxCodeLength);
        var taxAmount = Money(line, path, "taxAmount", precision, fields, minimum: 0m);
        var lineAmount = Money(line, path, "lineAmount", precision, fields, minimum: null);

        if (quantity is > 0m && unitAmount is { } unit && lineAmount is { } amount && precision is { } p)
        {
            var expected = Math.Round(quantity.Value * unit, p, MidpointRounding.AwayFromZero);
            if (expected != amount)
            {
                fields.Add(JsonFieldReader.Path(path, "lineAmount"), $"must equal quantity × unitAmount rounded to {p} places ({expected}).");
            }
        }

        return fields.Errors.Count == errorsBefore
            ? new CreditNoteLine(description!, quantity!.Value, unitAmount!.Value, accountCode!, taxType, taxAmount!.Value, lineAmount!.Value)
            : null;
    }

    private static List<AllocationRequest?>? ReadAllocations(JsonElement note, string path, int? precision, JsonFieldReader fields)
    {
        var allocationsPath = JsonFieldReader.Path(path, "allocations");
        if (fields.Array(note, path, "allocations", required: false, DocumentLimits.MaxAllocations) is not { } array)
        {
            return null;
        }

        var allocations = new List<AllocationRequest?>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = JsonFieldReader.Index(allocationsPath, index++);
            if (element.ValueKind != JsonValueKind.Object)
            {
                fields.Add(itemPath, "must be an object.");
                allocations.Add(null);
                continue;
            }

            var invoiceNumber = fields.String(element, itemPath, "invoiceNumber", required: true, DocumentLimits.MaxTextLength);
            var amount = Money(element, itemPath, "amount", precision, fields, minimum: null);
            if (amount is <= 0m)
            {
                fields.Add(JsonFieldReader.Path(itemPath, "amount"), "must be greater than 0.");
                amount = null;
            }

            var date = fields.Date(element, itemPath, "date");
            allocations.Add(invoiceNumber is not null && amount is not null && date is not null
                ? new AllocationRequest(invoiceNumber, amount.Value, date.Value)
                : null);
        }

        return allocations;
    }

    private static void CheckTotals(
        string path, AmountsAre? amountsAre, List<CreditNoteLine?>? lines,
        decimal? subtotal, decimal? totalTax, decimal? total, JsonFieldReader fields)
    {
        var linesComplete = lines is not null && lines.All(l => l is not null);
        if (linesComplete && subtotal is { } s && lines!.Sum(l => l!.LineAmount) is var lineSum && lineSum != s)
        {
            fields.Add(JsonFieldReader.Path(path, "subtotal"), $"must equal the sum of lineAmount ({lineSum}).");
        }

        if (linesComplete && totalTax is { } tt && lines!.Sum(l => l!.TaxAmount) is var taxSum && taxSum != tt)
        {
            fields.Add(JsonFieldReader.Path(path, "totalTax"), $"must equal the sum of taxAmount ({taxSum}).");
        }

        switch (amountsAre)
        {
            case AmountsAre.Exclusive when subtotal is { } sub && totalTax is { } tax && total is { } tot && sub + tax != tot:
                fields.Add(JsonFieldReader.Path(path, "total"), $"must equal subtotal + totalTax ({sub + tax}) when amounts are exclusive.");
                break;
            case AmountsAre.Inclusive:
                if (subtotal is { } inclusiveSub && total is { } inclusiveTotal && inclusiveSub != inclusiveTotal)
                {
                    fields.Add(JsonFieldReader.Path(path, "total"), $"must equal subtotal ({inclusiveSub}) when amounts are inclusive.");
                }

                if (subtotal is { } taxBase && totalTax is { } includedTax && includedTax > taxBase)
                {
                    fields.Add(JsonFieldReader.Path(path, "totalTax"), "must not exceed subtotal when amounts are inclusive.");
                }

                break;
            case AmountsAre.NoTax:
                CheckNoTax(path, lines, totalTax, subtotal, total, fields);
                break;
            default:
                break;
        }
    }

    private static void CheckNoTax(
        string path, List<CreditNoteLine?>? lines, decimal? totalTax, decimal? subtotal, decimal? total, JsonFieldReader fields)
    {
        for (var i = 0; lines is not null && i < lines.Count; i++)
        {
            if (lines[i] is { TaxAmount: not 0m })
            {
                fields.Add(JsonFieldReader.Path(JsonFieldReader.Index(JsonFieldReader.Path(path, "lines"), i), "taxAmount"), "must be 0 when amounts are noTax.");
            }
        }

        if (totalTax is not null and not 0m)
        {
            fields.Add(JsonFieldReader.Path(path, "totalTax"), "must be 0 when amounts are noTax.");
        }

        if (subtotal is { } sub && total is { } tot && sub != tot)
        {
            fields.Add(JsonFieldReader.Path(path, "total"), $"must equal subtotal ({sub}) when amounts are noTax.");
        }
    }

    /// <summary>An amount of money at the currency's precision (the precision is skipped when the currency is unknown).</summary>
    internal static decimal? Money(JsonElement parentObject, string path, string name, int? precision, JsonFieldReader fields, decimal? minimum)
    {
        var value = precision is { } p ? Places(parentObject, path, name, p, fields) : fields.Decimal(parentObject, path, name);
        if (value is { } v && minimum is { } min && v < min)
        {
            fields.Add(JsonFieldReader.Path(path, name), $"must be {min} or more.");
            return null;
        }

        return value;
    }

    internal static decimal? Places(JsonElement parentObject, string path, string name, int places, JsonFieldReader fields)
    {
        var value = fields.Decimal(parentObject, path, name);
        if (value is { } v && Math.Round(v, places) != v)
        {
            fields.Add(JsonFieldReader.Path(path, name), $"must have at most {places} decimal places.");
            return null;
        }

        return value;
    }
}
