using Azure;
using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Storage.Tables;

/// <summary>The SDK's TableClient with the project's outcome values (TableOutcomes), on Azurite.</summary>
[Collection("Azurite")]
public sealed class TableClientTests : IAsyncLifetime
{
    private readonly TableClient _table = TestStorage.Clients.GetTableClient(StorageNames.Table("tc"));

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task Every_type_the_workflow_stores_round_trips_with_its_type()
    {
        var when = new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "types")
        {
            ["Text"] = "héllo 'quoted'",
            ["Flag"] = true,
            ["Count"] = 42,
            ["Big"] = 9_007_199_254_740_993L,
            ["Ratio"] = 2.0,
            ["Amount"] = 1234.5600m.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        var added = await _table.TryAddEntityAsync(entity);
        Assert.True(added.Succeeded);
        Assert.NotEqual(default, added.ETag);

        var read = await _table.FindEntityAsync("p", "types");
        Assert.NotNull(read);
        Assert.Equal(added.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("héllo 'quoted'", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.IsType<int>(read["Count"]);
        Assert.IsType<long>(read["Big"]);
        Assert.Equal(9_007_199_254_740_993L, read.GetInt64("Big"));
        Assert.Equal(2.0, read.GetDouble("Ratio"));
        Assert.Equal(1234.5600m, decimal.Parse(read.GetString("Amount")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1234.5600", read["Amount"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
    }

    [Fact]
    public async Task Inserting_an_existing_row_is_an_AlreadyExists_value()
    {
        Assert.True((await _table.TryAddEntityAsync(new TableEntity("p", "dup"))).Succeeded);

        var second = await _table.TryAddEntityAsync(new TableEntity("p", "dup") { ["X"] = 1 });

        Assert.Equal(TableWriteOutcome.AlreadyExists, second.Outcome);
        Assert.Equal(409, second.Status);
        Assert.False(string.IsNullOrEmpty(second.RequestId));
        Assert.False((await _table.FindEntityAsync("p", "dup"))!.ContainsKey("X"));
    }

    [Fact]
    public async Task A_missing_row_reads_as_null()
    {
        Assert.Null(await _table.FindEntityAsync("p", "absent"));
    }

    [Fact]
    public async Task A_stale_ETag_is_a_Conflict_value_for_replace_merge_and_delete()
    {
        var first = await _table.TryAddEntityAsync(new TableEntity("p", "guarded") { ["State"] = "a" });
        var moved = await _table.TryUpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "b" }, first.ETag, TableUpdateMode.Replace);
        Assert.True(moved.Succeeded);
        Assert.NotEqual(first.ETag, moved.ETag);

        var replace = await _table.TryUpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "c" }, first.ETag, TableUpdateMode.Replace);
        var merge = await _table.TryUpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "c" }, first.ETag, TableUpdateMode.Merge);
        var delete = await _table.TryDeleteEntityAsync("p", "guarded", first.ETag);

        Assert.Equal(TableWriteOutcome.Conflict, replace.Outcome);
        Assert.Equal(TableWriteOutcome.Conflict, merge.Outcome);
        Assert.Equal(TableWriteOutcome.Conflict, delete.Outcome);
        Assert.Equal(412, replace.Status);
        Assert.Equal("b", (await _table.FindEntityAsync("p", "guarded"))!.GetString("State"));
    }

    [Fact]
    public async Task Merge_keeps_properties_not_sent_and_replace_drops_them()
    {
        var added = await _table.TryAddEntityAsync(new TableEntity("p", "modes") { ["A"] = 1, ["B"] = 2 });
        var merged = await _table.TryUpdateEntityAsync(new TableEntity("p", "modes") { ["B"] = 3 }, added.ETag, TableUpdateMode.Merge);
        var afterMerge = await _table.FindEntityAsync("p", "modes");
        Assert.Equal(1, afterMerge!.GetInt32("A"));
        Assert.Equal(3, afterMerge.GetInt32("B"));

        await _table.TryUpdateEntityAsync(new TableEntity("p", "modes") { ["B"] = 4 }, merged.ETag, TableUpdateMode.Replace);
        var afterReplace = await _table.FindEntityAsync("p", "modes");
        Assert.False(afterReplace!.ContainsKey("A"));
        Assert.Equal(4, afterReplace.GetInt32("B"));
    }

    [Fact]
    public async Task Updating_or_deleting_a_missing_row_is_a_NotFound_value()
    {
        var update = await _table.TryUpdateEntityAsync(new TableEntity("p", "ghost") { ["A"] = 1 }, ETag.All);
        var updateAnyVersion = await _table.TryUpdateEntityAsync(new TableEntity("p", "ghost") { ["A"] = 1 }, default);
        var delete = await _table.TryDeleteEntityAsync("p", "ghost");

        Assert.Equal(TableWriteOutcome.NotFound, update.Outcome);
        Assert.Equal(TableWriteOutcome.NotFound, updateAnyVersion.Outcome);
        Assert.Equal(TableWriteOutcome.NotFound, delete.Outcome);
        Assert.Equal(404, delete.Status);
    }

    [Fact]
    public async Task Delete_removes_the_row_when_the_ETag_matches()
    {
        var added = await _table.TryAddEntityAsync(new TableEntity("p", "del"));

        var deleted = await _table.TryDeleteEntityAsync("p", "del", added.ETag);

        Assert.True(deleted.Succeeded);
        Assert.Null(await _table.FindEntityAsync("p", "del"));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("a b+c%d&e=f(g)h;i*j@k,l$m")]
    [InlineData("ünïcødé")]
    [InlineData("''")]
    public async Task Keys_with_awkward_characters_round_trip(string key)
    {
        var added = await _table.TryAddEntityAsync(new TableEntity(key, key) { ["V"] = 1 });
        Assert.True(added.Succeeded);
        Assert.NotNull(await _table.FindEntityAsync(key, key));
        Assert.True((await _table.TryUpdateEntityAsync(new TableEntity(key, key) { ["V"] = 2 }, added.ETag)).Succeeded);
        Assert.Equal(2, Assert.Single(await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}")).ToListAsync()).GetInt32("V"));
        Assert.True((await _table.TryDeleteEntityAsync(key, key)).Succeeded);
    }

    [Fact]
    public async Task A_page_query_selects_keys_with_the_asked_properties_and_its_continuation_reaches_every_row()
    {
        for (var i = 0; i < 7; i++)
        {
            await _table.TryAddEntityAsync(new TableEntity("q", $"r{i}") { ["N"] = i, ["Skip"] = "x" });
        }

        await _table.TryAddEntityAsync(new TableEntity("other", "r0") { ["N"] = 0 });

        var rows = new List<TableEntity>();
        TableContinuation? continuation = null;
        var pages = 0;
        do
        {
            var page = await _table.QueryPageAsync("PartitionKey eq 'q' and N ge 2", ["N"], maxPerPage: 2, continuation);
            Assert.True(page.Items.Count <= 2);
            rows.AddRange(page.Items);
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(3, pages);
        Assert.Equal([2, 3, 4, 5, 6], rows.Select(e => e.GetInt32("N")!.Value));
        Assert.Equal(["r2", "r3", "r4", "r5", "r6"], rows.Select(e => e.RowKey));
        Assert.All(rows, e => Assert.Equal("q", e.PartitionKey));
        Assert.All(rows, e => Assert.False(e.ContainsKey("Skip")));
        Assert.All(rows, e => Assert.NotEqual(default, e.ETag));
        var point = await _table.FindEntityAsync("q", "r3", ["N"]);
        Assert.Equal(("q", "r3", 3), (point!.PartitionKey, point.RowKey, point.GetInt32("N")));
        Assert.False(point.ContainsKey("Skip"));
    }

    [Fact]
    public async Task A_missing_table_is_an_exception_not_a_missing_row()
    {
        var missing = TestStorage.Clients.GetTableClient(StorageNames.Table("gone"));

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => missing.FindEntityAsync("p", "r"));
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => missing.TryUpdateEntityAsync(new TableEntity("p", "r"), ETag.All));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => missing.TryDeleteEntityAsync("p", "r"));
        var insert = await Assert.ThrowsAsync<RequestFailedException>(() => missing.TryAddEntityAsync(new TableEntity("p", "r")));
        var batch = await Assert.ThrowsAsync<TableTransactionFailedException>(() => missing.TrySubmitTransactionAsync(
            [new(TableTransactionActionType.Delete, new TableEntity("p", "r"))]));

        Assert.All(new[] { read, update, delete, insert, batch }, ex => Assert.Equal((404, "TableNotFound"), (ex.Status, ex.ErrorCode)));
    }

    [Fact]
    public async Task A_bad_request_surfaces_as_the_SDK_exception_with_status_code_and_request_id()
    {
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _table.QueryPageAsync("this is not a filter"));

        Assert.Equal(400, ex.Status);
        Assert.False(string.IsNullOrEmpty(ex.ErrorCode));
        Assert.False(string.IsNullOrEmpty(ex.GetRawResponse()?.Headers.RequestId));
    }

    [Fact]
    public async Task Azure_limits_are_checked_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _table.TryAddEntityAsync(new TableEntity("p", "a#b")));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.TryUpdateEntityAsync(new TableEntity("p", "r") { ["M"] = 1.5m }, ETag.All));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _table.QueryPageAsync(maxPerPage: 1001));

        Assert.Empty(await _table.QueryAsync<TableEntity>().ToListAsync());
    }
}
