using System.Text;
using Azure.Data.Tables;
using CreditFunctions.Storage.LargePayload;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.LargePayload;

public sealed class LargePayloadCodecTests
{
    [Fact]
    public void A_small_payload_fits_one_row_and_round_trips()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"cn-1","lines":[{"amount":"1.00"}]}""");

        var rows = LargePayloadCodec.Encode("tenant", "cn-1", json);

        var head = Assert.Single(rows);
        Assert.Equal("cn-1", head.RowKey);
        Assert.Equal("br", head.GetString("PayloadFormat"));
        Assert.Equal(1, head.GetInt32("PayloadRows"));
        Assert.Equal(json, LargePayloadCodec.Decode(rows));
    }

    [Fact]
    public void A_payload_near_the_maximum_spreads_over_four_rows_that_fit_one_transaction()
    {
        var payload = Incompressible(LargePayloadCodec.MaxCompressedBytes - 4096);

        var rows = LargePayloadCodec.Encode("tenant", "big", payload);

        Assert.Equal(["big", "big~1", "big~2", "big~3"], rows.Select(r => r.RowKey));
        Assert.All(rows, TableLimits.ValidateEntity);

        // Azurite measures an entity by its JSON body; stay under 1 MiB there too, and under 4 MiB for the transaction.
        Assert.All(rows, r => Assert.True(TableLimits.EstimateJsonBytes(r) <= TableLimits.MaxEntityBytes));
        TableLimits.ValidateTransaction(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList());
        Assert.Equal(payload, LargePayloadCodec.Decode(rows));
    }

    [Fact]
    public void A_payload_that_will_not_compress_under_the_maximum_is_refused_with_the_limit()
    {
        var ex = Assert.Throws<ArgumentException>(() => LargePayloadCodec.Encode("tenant", "huge", Incompressible(LargePayloadCodec.MaxCompressedBytes + 1)));

        Assert.Contains("2,883,584", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_from_two_different_saves_are_detected()
    {
        var first = LargePayloadCodec.Encode("tenant", "doc", Incompressible(1_200_000, seed: 1));
        var second = LargePayloadCodec.Encode("tenant", "doc", Incompressible(1_200_000, seed: 2));

        Assert.Throws<InvalidDataException>(() => LargePayloadCodec.Decode([first[0], second[1]]));
    }

    [Fact]
    public void Missing_rows_are_detected()
    {
        var rows = LargePayloadCodec.Encode("tenant", "doc", Incompressible(2_000_000));

        Assert.Throws<InvalidDataException>(() => LargePayloadCodec.Decode([rows[0], rows[1]]));
    }

    [Fact]
    public void Repetitive_JSON_compresses_far_below_its_size()
    {
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"line":{{i}},"account":"200","amount":"12.50"}""")) + "]");

        var rows = LargePayloadCodec.Encode("tenant", "doc", json);

        Assert.Single(rows);
        Assert.True(rows[0].GetInt64("PayloadCompressedLength") < json.Length / 10);
    }

    private static byte[] Incompressible(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
