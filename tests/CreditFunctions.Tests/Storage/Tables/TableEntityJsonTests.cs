using System.Text;
using System.Text.Json;
using Azure;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.Tables;

public sealed class TableEntityJsonTests
{
    [Fact]
    public void Types_JSON_cannot_carry_are_written_with_their_EDM_annotation()
    {
        var entity = new TableEntity("p", "r")
        {
            ["L"] = 5L,
            ["D"] = 1.5,
            ["T"] = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(10)),
            ["G"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["B"] = new byte[] { 1, 2 },
            ["M"] = 12.50m,
            ["I"] = 7,
            ["F"] = false,
        };

        var json = Encoding.UTF8.GetString(TableEntityJson.Serialize(entity));

        Assert.Equal(
            "{\"PartitionKey\":\"p\",\"RowKey\":\"r\"," +
            "\"L@odata.type\":\"Edm.Int64\",\"L\":\"5\"," +
            "\"D@odata.type\":\"Edm.Double\",\"D\":1.5," +
            "\"T@odata.type\":\"Edm.DateTime\",\"T\":\"2026-11-22T00:00:00.0000000Z\"," +
            "\"G@odata.type\":\"Edm.Guid\",\"G\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"," +
            "\"B@odata.type\":\"Edm.Binary\",\"B\":\"AQI=\"," +
            "\"M\":\"12.50\",\"I\":7,\"F\":false}",
            json);
    }

    [Fact]
    public void Non_finite_doubles_are_written_as_annotated_strings()
    {
        var json = Encoding.UTF8.GetString(TableEntityJson.Serialize(new TableEntity("p", "r") { ["N"] = double.NaN }));

        Assert.Contains("\"N@odata.type\":\"Edm.Double\",\"N\":\"NaN\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimalmetadata_row_reads_back_typed_with_ETag_and_Timestamp()
    {
        const string json = """
            {"odata.etag":"W/\"datetime'2026-11-22T00%3A43%3A32.4834289Z'\"","PartitionKey":"p","RowKey":"r",
             "Timestamp@odata.type":"Edm.DateTime","Timestamp":"2026-11-22T00:43:32.4834289Z",
             "L@odata.type":"Edm.Int64","L":"9007199254740993","I":7,"D":2.0,"E":1e3,
             "D2@odata.type":"Edm.Double","D2":3,
             "T@odata.type":"Edm.DateTime","T":"2026-11-22T00:00:00Z",
             "G@odata.type":"Edm.Guid","G":"0f8fad5b-d9cb-469f-a165-70867728950e",
             "B@odata.type":"Edm.Binary","B":"AQI=","S":"text","F":true,"M":"12.50"}
            """;

        using var doc = JsonDocument.Parse(json);
        var entity = TableEntityJson.Read(doc.RootElement);

        Assert.Equal(("p", "r"), (entity.PartitionKey, entity.RowKey));
        Assert.Equal(new ETag("W/\"datetime'2026-11-22T00%3A43%3A32.4834289Z'\""), entity.ETag);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 43, 32, TimeSpan.Zero).AddTicks(4834289), entity.Timestamp);
        Assert.Equal(9_007_199_254_740_993L, entity["L"]);
        Assert.Equal(7, entity["I"]);
        Assert.Equal(2.0, entity["D"]);
        Assert.Equal(1000.0, entity["E"]);
        Assert.Equal(3.0, entity["D2"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), entity["T"]);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), entity["G"]);
        Assert.Equal(new byte[] { 1, 2 }, entity["B"]);
        Assert.Equal("text", entity["S"]);
        Assert.Equal(true, entity["F"]);
        Assert.Equal(12.50m, entity.GetDecimal("M"));
        Assert.Equal(["L", "I", "D", "E", "D2", "T", "G", "B", "S", "F", "M"], entity.Keys);
    }

    [Fact]
    public void A_point_read_takes_its_ETag_from_the_header_when_the_body_has_none()
    {
        using var doc = JsonDocument.Parse("""{"PartitionKey":"p","RowKey":"r"}""");

        var entity = TableEntityJson.Read(doc.RootElement, new ETag("W/\"x\""));

        Assert.Equal(new ETag("W/\"x\""), entity.ETag);
    }

    [Fact]
    public void Typed_getters_refuse_a_value_of_another_type()
    {
        var entity = new TableEntity("p", "r") { ["S"] = "text" };

        Assert.Throws<InvalidCastException>(() => entity.GetInt64("S"));
        Assert.Null(entity.GetInt64("Missing"));
    }

    [Fact]
    public void Decimals_are_kept_exactly_as_invariant_strings()
    {
        var entity = new TableEntity("p", "r") { ["Amount"] = 1234567890.123456789m };

        Assert.Equal("1234567890.123456789", entity["Amount"]);
        Assert.Equal(1234567890.123456789m, entity.GetDecimal("Amount"));
    }
}
