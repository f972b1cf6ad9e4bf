using System.Text.Json;
using Azure.Data.Tables;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage.LargePayload;
using CreditFunctions.Storage.Tables;
using Xunit.Abstractions;

namespace CreditFunctions.IntegrationTests.Storage.LargePayload;

[Collection("Azurite")]
public sealed class LargePayloadStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TableClient _table = TestStorage.Clients.GetTableClient(StorageNames.Table("lp"));

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task A_credit_note_with_5000_lines_round_trips_through_table_storage()
    {
        var note = CreditNoteWithLines(5_000);
        var json = JsonSerializer.SerializeToUtf8Bytes(note);
        Assert.True(json.Length > TableLimits.MaxEntityBytes, $"the note should exceed one entity; it is {json.Length:N0} bytes");

        var etag = await _table.SavePayloadAsync("tenant-1", "cn-5000", json);
        var loaded = await _table.LoadPayloadAsync("tenant-1", "cn-5000");

        var head = await _table.FindEntityAsync("tenant-1", "cn-5000");
        output.WriteLine($"5,000-line credit note: {json.Length:N0} bytes of JSON, {head!.GetInt64("PayloadCompressedLength"):N0} compressed, {head.GetInt32("PayloadRows")} row(s)");
        Assert.NotEqual(default, etag);
        Assert.Equal(json, loaded);
        var back = JsonSerializer.Deserialize<CreditNote>(loaded!)!;
        Assert.Equal(5_000, back.Lines.Count);
        Assert.Equal(note.Lines, back.Lines);
        Assert.Equal(note.Total, back.Total);
    }

    [Fact]
    public async Task A_payload_spanning_four_rows_is_saved_atomically_and_read_back()
    {
        var payload = new byte[2_500_000];
        new Random(7).NextBytes(payload);

        await _table.SavePayloadAsync("tenant-1", "blob", payload);

        var rows = await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-1"}")).ToListAsync();
        Assert.Equal(["blob", "blob~1", "blob~2", "blob~3"], rows.Select(r => r.RowKey));
        Assert.Equal(payload, await _table.LoadPayloadAsync("tenant-1", "blob"));
    }

    [Fact]
    public async Task Saving_a_smaller_payload_over_a_larger_one_reads_only_the_new_one()
    {
        var large = new byte[1_500_000];
        new Random(8).NextBytes(large);
        var small = "{\"small\":true}"u8.ToArray();

        await _table.SavePayloadAsync("tenant-1", "doc", large);
        await _table.SavePayloadAsync("tenant-1", "doc", small);

        Assert.Equal(small, await _table.LoadPayloadAsync("tenant-1", "doc"));
    }

    [Fact]
    public async Task Loading_a_payload_that_was_never_saved_returns_null()
    {
        Assert.Null(await _table.LoadPayloadAsync("tenant-1", "nothing"));
    }

    private static CreditNote CreditNoteWithLines(int count)
    {
        var random = new Random(5000);
        var lines = Enumerable.Range(1, count).Select(i =>
        {
            var quantity = random.Next(1, 40);
            var unit = Math.Round((decimal)random.NextDouble() * 200m, 2);
            var amount = quantity * unit;
            return new CreditNoteLine(
                $"Line {i}: returned SKU-{random.Next(100_000, 999_999)} batch {Guid.NewGuid():N} ({(i % 3 == 0 ? "damaged" : "short-dated")})",
                quantity,
                unit,
                (200 + (i % 7)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "OUTPUT",
                Math.Round(amount * 0.1m, 2),
                amount);
        }).ToList();
        var subtotal = lines.Sum(l => l.LineAmount);
        var tax = lines.Sum(l => l.TaxAmount);
        return new CreditNote(
            "cn-5000", 1, "CN-5000", CreditNoteKind.Receivable, new DateOnly(2026, 11, 22), "AUD",
            new CreditNoteContact("c-1", "Harbour Grocers", "ap@example.com"), AmountsAre.Exclusive,
            lines, subtotal, tax, subtotal + tax, "RMA-5000", []);
    }
}
