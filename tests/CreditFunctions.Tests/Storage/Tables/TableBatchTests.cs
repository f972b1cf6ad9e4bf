using System.Text;
using Azure;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.Tables;

public sealed class TableBatchTests
{
    private const string TableUrl = "http://127.0.0.1:10002/devstoreaccount1/t01";

    [Fact]
    public void A_transaction_spanning_two_partitions_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableBatch.Validate(
        [
            Add("p1", "a"),
            Add("p2", "b"),
        ]));

        Assert.Contains("one partition", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_of_100_actions_passes_and_101_is_refused()
    {
        TableBatch.Validate(Enumerable.Range(0, 100).Select(i => Add("p", $"r{i}")).ToList());

        var ex = Assert.Throws<ArgumentException>(() => TableBatch.Validate(Enumerable.Range(0, 101).Select(i => Add("p", $"r{i}")).ToList()));
        Assert.Contains("100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_touching_a_row_twice_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableBatch.Validate(
        [
            Add("p", "a"),
            new(TableTransactionActionType.Delete, new TableEntity("p", "a")),
        ]));

        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_transaction_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TableBatch.Validate([]));
    }

    [Fact]
    public void A_transaction_whose_body_exceeds_4_MiB_is_refused()
    {
        // Four rows of 15 × 64 KiB are each under 1 MiB, but base64 in JSON makes the body ≈ 5.2 MiB.
        var actions = Enumerable.Range(0, 4).Select(i =>
        {
            var entity = new TableEntity("p", $"r{i}");
            for (var c = 0; c < 15; c++)
            {
                entity[$"C{c}"] = new byte[65_536];
            }

            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        TableBatch.Validate(actions);

        var ex = Assert.Throws<ArgumentException>(() => TableBatch.BuildBody(actions, TableUrl, "batch_x", "changeset_y"));

        Assert.Contains("4 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_entity_inside_a_transaction_is_refused_before_sending()
    {
        Assert.Throws<ArgumentException>(() => TableBatch.Validate([Add("p", "bad/key")]));
    }

    [Fact]
    public void The_body_is_one_changeset_of_full_inner_requests()
    {
        var body = Encoding.UTF8.GetString(TableBatch.BuildBody(
            [
                Add("p", "a"),
                new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "O'B") { ["V"] = 1 }, new ETag("W/\"datetime'x'\"")),
                new(TableTransactionActionType.Delete, new TableEntity("p", "c")),
                new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "d")),
            ],
            TableUrl,
            "batch_x",
            "changeset_y"));

        Assert.StartsWith("--batch_x\r\nContent-Type: multipart/mixed; boundary=changeset_y\r\n\r\n--changeset_y\r\n", body, StringComparison.Ordinal);
        Assert.Contains($"POST {TableUrl} HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains($"MERGE {TableUrl}(PartitionKey='p',RowKey='O%27%27B') HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("If-Match: W/\"datetime'x'\"\r\n", body, StringComparison.Ordinal);
        Assert.Contains($"DELETE {TableUrl}(PartitionKey='p',RowKey='c') HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\nIf-Match: *\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("If-Match", body[body.IndexOf($"PUT {TableUrl}", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.EndsWith("--changeset_y--\r\n\r\n--batch_x--\r\n", body, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(body, "Content-Type: application/http\r\n"));
    }

    [Fact]
    public void A_successful_answer_yields_one_status_and_ETag_per_action()
    {
        const string answer =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nPreference-Applied: return-no-content\r\nETag: W/\"datetime'a'\"\r\n\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nETag: W/\"datetime'b'\"\r\n\r\n\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

        var parts = TableBatch.ParseResponse(answer);

        Assert.Equal([204, 204], parts.Select(p => p.Status));
        Assert.Equal([new ETag("W/\"datetime'a'\""), new ETag("W/\"datetime'b'\"")], parts.Select(p => p.ETag));
    }

    [Fact]
    public void A_failed_answer_names_the_error_code_and_the_index_of_the_refused_action()
    {
        const string answer =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 409 Conflict\r\nContent-ID: 57\r\nContent-Type: application/json;odata=minimalmetadata;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"56:The specified entity already exists.\\nRequestId:x\"}}}\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

        var failed = Assert.Single(TableBatch.ParseResponse(answer));
        var (code, index) = TableBatch.ParseError(failed.Content);

        Assert.Equal(409, failed.Status);
        Assert.Equal("EntityAlreadyExists", code);
        Assert.Equal(56, index);
    }

    private static TableTransactionAction Add(string pk, string rk) => new(TableTransactionActionType.Add, new TableEntity(pk, rk));

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
