using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

public sealed class OrderEventReaderTests
{
    [Fact]
    public void The_contract_example_is_accepted_with_every_field()
    {
        var result = OrderEventReader.Read(OrderEventSamples.ExampleBytes);

        Assert.True(result.Succeeded, string.Join("; ", result.Problem?.Errors.Select(e => $"{e.Field} {e.Message}") ?? []));
        var e = result.Event!;
        Assert.Equal("evt_7f3c2a", e.Id);
        Assert.Equal(OrderEventType.CreditNoteCreated, e.Type);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero), e.OccurredAt);
        var note = e.CreditNote;
        Assert.Equal(("cn_1001", 1L, "CN-1001"), (note.Id, note.Version, note.Number));
        Assert.Equal(CreditNoteKind.Receivable, note.Kind);
        Assert.Equal(new DateOnly(2026, 11, 20), note.Date);
        Assert.Equal("AUD", note.Currency);
        Assert.Equal(new CreditNoteContact("cust_42", "Cafe Luna", "accounts@cafeluna.example"), note.Contact);
        Assert.Equal(AmountsAre.Exclusive, note.AmountsAre);
        Assert.Equal(new CreditNoteLine("Damaged: 2 x Flat white beans 1kg", 2m, 100.00m, "200", "OUTPUT", 20.00m, 200.00m), Assert.Single(note.Lines));
        Assert.Equal((200.00m, 20.00m, 220.00m), (note.Subtotal, note.TotalTax, note.Total));
        Assert.Equal("Order 5567", note.Reference);
        Assert.Equal(new AllocationRequest("INV-0001", 220.00m, new DateOnly(2026, 11, 20)), Assert.Single(note.Allocations));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\": \"evt_1\",}")]
    [InlineData("[1, 2]")]
    [InlineData("\"a string\"")]
    [InlineData("{\"id\": \"a\", \"id\": \"b\"}")]
    [InlineData("")]
    public void A_body_that_is_not_a_json_object_is_malformed(string body)
    {
        var result = OrderEventReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.False(result.Succeeded);
        Assert.True(result.Problem.IsMalformed);
        Assert.Equal(400, result.Problem.HttpStatus);
        Assert.Equal("$", Assert.Single(result.Problem.Errors).Field);
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_malformed()
    {
        var body = OrderEventSamples.ExampleBytes;
        var index = Array.IndexOf(body, (byte)'L');
        body[index] = 0xFF;

        var result = OrderEventReader.Read(body);

        Assert.True(result.Problem!.IsMalformed);
    }

    [Fact]
    public void A_body_nested_deeper_than_the_limit_is_malformed()
    {
        var body = new string('[', 100) + new string(']', 100);

        var result = OrderEventReader.Read(Encoding.UTF8.GetBytes("{\"x\":" + body + "}"));

        Assert.True(result.Problem!.IsMalformed);
    }

    [Fact]
    public void An_empty_object_reports_every_missing_envelope_field_as_a_broken_rule()
    {
        var result = OrderEventReader.Read(Encoding.UTF8.GetBytes("{}"));

        Assert.False(result.Problem!.IsMalformed);
        Assert.Equal(422, result.Problem.HttpStatus);
        Assert.Equal(["id", "type", "occurredAt", "data"], result.Problem.Errors.Select(e => e.Field));
    }

    [Fact]
    public void An_empty_credit_note_reports_every_missing_field_at_once()
    {
        var body = """{"id":"e1","type":"credit_note.created","occurredAt":"2026-11-20T10:15:00Z","data":{"creditNote":{}}}""";

        var fields = Errors(Encoding.UTF8.GetBytes(body));

        Assert.Equal(
            ["id", "version", "number", "kind", "date", "currency", "contact", "amountsAre", "lines", "subtotal", "totalTax", "total"],
            fields.Select(f => f.Replace("data.creditNote.", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Several_broken_fields_are_all_reported_with_their_paths()
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            root["type"] = "credit_note.deleted";
            OrderEventSamples.Note(root)["currency"] = "XYZ";
            OrderEventSamples.Line(root)["quantity"] = 0;
            OrderEventSamples.Note(root)["allocations"]![0]!["invoiceNumber"] = null;
        }));

        Assert.Contains("type", fields);
        Assert.Contains("data.creditNote.currency", fields);
        Assert.Contains("data.creditNote.lines[0].quantity", fields);
        Assert.Contains("data.creditNote.allocations[0].invoiceNumber", fields);
    }

    [Theory]
    [InlineData("has/slash")]
    [InlineData("has\\backslash")]
    [InlineData("has#hash")]
    [InlineData("has?question")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void Ids_that_cannot_be_storage_keys_are_refused(string id)
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            root["id"] = id;
            OrderEventSamples.Note(root)["id"] = id;
        }));

        Assert.Contains("id", fields);
        Assert.Contains("data.creditNote.id", fields);
    }

    [Fact]
    public void An_id_longer_than_100_characters_is_refused_and_100_is_accepted()
    {
        Assert.Contains("id", Errors(OrderEventSamples.Changed(root => root["id"] = new string('a', 101))));
        Assert.True(OrderEventReader.Read(OrderEventSamples.Changed(root => root["id"] = new string('a', 100))).Succeeded);
    }

    [Theory]
    [InlineData("2026-11-20T10:15:00")]
    [InlineData("2026-11-20 10:15:00Z")]
    [InlineData("2026-11-20")]
    [InlineData("2026-13-20T10:15:00Z")]
    public void OccurredAt_must_be_an_iso_instant_with_an_offset(string occurredAt)
    {
        Assert.Equal(["occurredAt"], Errors(OrderEventSamples.Changed(root => root["occurredAt"] = occurredAt)));
    }

    [Fact]
    public void OccurredAt_keeps_its_offset_and_fraction()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root => root["occurredAt"] = "2026-11-20T21:15:00.125+11:00"));

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 21, 15, 0, 125, TimeSpan.FromHours(11)), result.Event!.OccurredAt);
    }

    [Theory]
    [InlineData("20/11/2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-11-20T00:00:00Z")]
    public void Dates_must_be_yyyy_MM_dd(string date)
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            OrderEventSamples.Note(root)["date"] = date;
            OrderEventSamples.Note(root)["allocations"]![0]!["date"] = date;
        }));

        Assert.Equal(["data.creditNote.date", "data.creditNote.allocations[0].date"], fields);
    }

    [Theory]
    [InlineData("kind", "credit")]
    [InlineData("amountsAre", "Exclusive")]
    [InlineData("currency", "aud")]
    [InlineData("currency", "XAU")]
    public void Enumerations_accept_only_their_listed_values(string field, string value)
    {
        Assert.Contains($"data.creditNote.{field}", Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)[field] = value)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Version_must_be_one_or_more(long version)
    {
        Assert.Equal(["data.creditNote.version"], Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["version"] = version)));
    }

    [Fact]
    public void Version_must_be_an_integer()
    {
        Assert.Equal(["data.creditNote.version"], Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["version"] = 1.5m)));
    }

    [Fact]
    public void An_amount_written_as_a_string_is_refused()
    {
        Assert.Contains("data.creditNote.total", Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["total"] = "220.00")));
    }

    [Fact]
    public void Amounts_finer_than_the_currency_precision_are_refused()
    {
        var fields = Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["total"] = 220.001m));

        Assert.Equal(["data.creditNote.total"], fields);
    }

    [Fact]
    public void Yen_amounts_have_no_minor_unit()
    {
        var fields = Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["currency"] = "JPY"));

        Assert.True(fields.Count == 0, "whole amounts written with .00 are still whole yen");
        var fractional = Errors(OrderEventSamples.Changed(root =>
        {
            OrderEventSamples.Note(root)["currency"] = "JPY";
            OrderEventSamples.Line(root)["taxAmount"] = 20.5m;
        }));
        Assert.Contains("data.creditNote.lines[0].taxAmount", fractional);
    }

    [Fact]
    public void Kuwaiti_dinar_amounts_take_three_places()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root =>
        {
            var note = OrderEventSamples.Note(root);
            note["currency"] = "KWD";
            var line = OrderEventSamples.Line(root);
            line["unitAmount"] = 100.0005m;
            line["lineAmount"] = 200.001m;
            line["taxAmount"] = 20.000m;
            note["subtotal"] = 200.001m;
            note["total"] = 220.001m;
            note["allocations"]![0]!["amount"] = 220.001m;
        }));

        Assert.True(result.Succeeded);
        Assert.Equal(220.001m, result.Event!.CreditNote.Total);
    }

    [Fact]
    public void Line_amount_rounds_half_away_from_zero()
    {
        // 1 × 0.125 = 0.125: half away from zero gives 0.13 (banker's rounding would give 0.12).
        byte[] Body(decimal lineAmount) => OrderEventSamples.Changed(root =>
        {
            var line = OrderEventSamples.Line(root);
            line["quantity"] = 1;
            line["unitAmount"] = 0.125m;
            line["taxAmount"] = 0m;
            line["lineAmount"] = lineAmount;
            var note = OrderEventSamples.Note(root);
            note["subtotal"] = lineAmount;
            note["totalTax"] = 0m;
            note["total"] = lineAmount;
            note.Remove("allocations");
        });

        Assert.True(OrderEventReader.Read(Body(0.13m)).Succeeded);
        Assert.Equal(["data.creditNote.lines[0].lineAmount"], Errors(Body(0.12m)));
    }

    [Fact]
    public void Line_amount_must_be_quantity_times_unit_amount()
    {
        var fields = Errors(OrderEventSamples.Changed(root => OrderEventSamples.Line(root)["lineAmount"] = 199.99m));

        Assert.Contains("data.creditNote.lines[0].lineAmount", fields);
    }

    [Fact]
    public void Quantity_must_be_positive_and_tax_not_negative()
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            OrderEventSamples.Line(root)["quantity"] = -2;
            OrderEventSamples.Line(root)["taxAmount"] = -20.00m;
        }));

        Assert.Contains("data.creditNote.lines[0].quantity", fields);
        Assert.Contains("data.creditNote.lines[0].taxAmount", fields);
    }

    [Fact]
    public void Totals_must_add_up_for_exclusive_amounts()
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            var note = OrderEventSamples.Note(root);
            note["subtotal"] = 201.00m;
            note["totalTax"] = 21.00m;
            note["total"] = 230.00m;
        }));

        Assert.Equal(["data.creditNote.subtotal", "data.creditNote.totalTax", "data.creditNote.total"], fields);
    }

    [Fact]
    public void Inclusive_amounts_total_the_subtotal_and_tax_stays_inside_it()
    {
        byte[] Body(decimal total, decimal tax) => OrderEventSamples.Changed(root =>
        {
            var note = OrderEventSamples.Note(root);
            note["amountsAre"] = "inclusive";
            OrderEventSamples.Line(root)["taxAmount"] = tax;
            note["totalTax"] = tax;
            note["total"] = total;
            note["allocations"]![0]!["amount"] = 100.00m;
        });

        Assert.True(OrderEventReader.Read(Body(200.00m, 18.18m)).Succeeded);
        Assert.Equal(["data.creditNote.total"], Errors(Body(218.18m, 18.18m)));
        Assert.Equal(["data.creditNote.totalTax"], Errors(Body(200.00m, 200.01m)));
    }

    [Fact]
    public void No_tax_amounts_carry_no_tax()
    {
        var fields = Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["amountsAre"] = "noTax"));

        Assert.Equal(["data.creditNote.lines[0].taxAmount", "data.creditNote.totalTax", "data.creditNote.total"], fields);
    }

    [Fact]
    public void Allocations_may_not_exceed_the_total()
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            var allocations = OrderEventSamples.Note(root)["allocations"]!.AsArray();
            allocations[0]!["amount"] = 200.00m;
            allocations.Add(new JsonObject { ["invoiceNumber"] = "INV-0002", ["amount"] = 20.01m, ["date"] = "2026-11-20" });
        }));

        Assert.Equal(["data.creditNote.allocations"], fields);
    }

    [Fact]
    public void An_allocation_needs_an_invoice_and_a_positive_amount()
    {
        var fields = Errors(OrderEventSamples.Changed(root =>
        {
            var allocation = OrderEventSamples.Note(root)["allocations"]![0]!.AsObject();
            allocation.Remove("invoiceNumber");
            allocation["amount"] = 0;
        }));

        Assert.Equal(["data.creditNote.allocations[0].invoiceNumber", "data.creditNote.allocations[0].amount"], fields);
    }

    [Fact]
    public void Allocations_and_reference_are_optional()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root =>
        {
            OrderEventSamples.Note(root).Remove("allocations");
            OrderEventSamples.Note(root)["reference"] = null;
            OrderEventSamples.Line(root).Remove("taxType");
        }));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Event!.CreditNote.Allocations);
        Assert.Null(result.Event!.CreditNote.Reference);
        Assert.Null(result.Event!.CreditNote.Lines[0].TaxType);
    }

    [Fact]
    public void A_credit_note_needs_at_least_one_line()
    {
        Assert.Contains("data.creditNote.lines", Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["lines"] = new JsonArray())));
    }

    [Fact]
    public void More_lines_than_the_limit_are_refused_and_the_limit_is_accepted()
    {
        var atLimit = OrderEventSamples.Event(lines: DocumentLimits.MaxLines);
        Assert.True(OrderEventReader.Read(OrderEventWriter.ToUtf8Bytes(atLimit)).Succeeded);

        var overLimit = OrderEventSamples.Event(lines: DocumentLimits.MaxLines + 1);
        Assert.Equal(["data.creditNote.lines"], Errors(OrderEventWriter.ToUtf8Bytes(overLimit)));
    }

    [Theory]
    [InlineData("description", DocumentLimits.MaxDescriptionLength)]
    [InlineData("accountCode", DocumentLimits.MaxCodeLength)]
    public void Line_text_longer_than_its_limit_is_refused(string field, int limit)
    {
        Assert.Equal(
            [$"data.creditNote.lines[0].{field}"],
            Errors(OrderEventSamples.Changed(root => OrderEventSamples.Line(root)[field] = new string('x', limit + 1))));
        Assert.True(OrderEventReader.Read(OrderEventSamples.Changed(root => OrderEventSamples.Line(root)[field] = new string('x', limit))).Succeeded);
    }

    [Theory]
    [InlineData("number")]
    [InlineData("reference")]
    public void Credit_note_text_longer_than_255_is_refused(string field)
    {
        Assert.Equal([$"data.creditNote.{field}"], Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)[field] = new string('x', 256))));
    }

    [Fact]
    public void Contact_name_longer_than_255_is_refused()
    {
        Assert.Equal(
            ["data.creditNote.contact.name"],
            Errors(OrderEventSamples.Changed(root => OrderEventSamples.Note(root)["contact"]!["name"] = new string('x', 256))));
    }

    [Fact]
    public void Large_amounts_are_exact_decimals()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root =>
        {
            var line = OrderEventSamples.Line(root);
            line["quantity"] = 3;
            line["unitAmount"] = 33333333333.3333m;
            line["lineAmount"] = 100000000000.00m;
            line["taxAmount"] = 0.01m;
            var note = OrderEventSamples.Note(root);
            note["subtotal"] = 100000000000.00m;
            note["totalTax"] = 0.01m;
            note["total"] = 100000000000.01m;
        }));

        Assert.True(result.Succeeded);
        Assert.Equal(100000000000.01m, result.Event!.CreditNote.Total);
    }

    [Fact]
    public void Unknown_properties_are_ignored_so_the_contract_can_grow()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root =>
        {
            root["attempt"] = 3;
            OrderEventSamples.Note(root)["dueDate"] = "2026-12-20";
        }));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_voided_event_is_read_with_its_type()
    {
        var result = OrderEventReader.Read(OrderEventSamples.Changed(root => root["type"] = "credit_note.voided"));

        Assert.Equal(OrderEventType.CreditNoteVoided, result.Event!.Type);
    }

    private static List<string> Errors(byte[] body)
    {
        var result = OrderEventReader.Read(body);
        if (result.Succeeded)
        {
            return [];
        }

        Assert.False(result.Problem.IsMalformed);
        return result.Problem.Errors.Select(e => e.Field).ToList();
    }
}
