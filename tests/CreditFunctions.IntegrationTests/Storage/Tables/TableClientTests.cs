using Azure;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Storage.Tables;

[Collection("Azurite")]
public sealed class TableClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TableClient _table = new(azurite.ConnectionString, StorageNames.Table("tc"));

    public async Task InitializeAsync() => Assert.True(await _table.CreateIfNotExistsAsync());

    public async Task DisposeAsync() => await _table.DeleteIfExistsAsync();

    [Fact]
    public async Task Creating_an_existing_table_reports_false()
    {
        Assert.False(await _table.CreateIfNotExistsAsync());
    }

    [Fact]
    public async Task Every_supported_type_round_trips_with_its_type()
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
            ["Fraction"] = 0.125,
            ["Amount"] = 1234.5600m,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        var added = await _table.AddEntityAsync(entity);
        Assert.True(added.Succeeded);
        Assert.NotEqual(default, added.ETag);

        var read = await _table.GetEntityIfExistsAsync("p", "types");
        Assert.NotNull(read);
        Assert.Equal(added.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("héllo 'quoted'", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.IsType<int>(read["Count"]);
        Assert.Equal(42, read.GetInt32("Count"));
        Assert.IsType<long>(read["Big"]);
        Assert.Equal(9_007_199_254_740_993L, read.GetInt64("Big"));
        Assert.Equal(2.0, read.GetDouble("Ratio"));
        Assert.Equal(0.125, read.GetDouble("Fraction"));
        Assert.Equal(1234.5600m, read.GetDecimal("Amount"));
        Assert.Equal("1234.5600", read["Amount"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
    }

    [Fact]
    public async Task Inserting_an_existing_row_is_an_AlreadyExists_value()
    {
        Assert.True((await _table.AddEntityAsync(new TableEntity("p", "dup"))).Succeeded);

        var second = await _table.AddEntityAsync(new TableEntity("p", "dup") { ["X"] = 1 });

        Assert.Equal(TableWriteOutcome.AlreadyExists, second.Outcome);
        Assert.Equal(409, second.Status);
        Assert.Null((await _table.GetEntityIfExistsAsync("p", "dup"))!["X"]);
    }

    [Fact]
    public async Task A_missing_row_reads_as_null()
    {
        Assert.Null(await _table.GetEntityIfExistsAsync("p", "absent"));
    }

    [Fact]
    public async Task A_stale_ETag_is_a_Conflict_value_for_replace_merge_and_delete()
    {
        var first = await _table.AddEntityAsync(new TableEntity("p", "guarded") { ["State"] = "a" });
        var moved = await _table.UpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "b" }, first.ETag, TableUpdateMode.Replace);
        Assert.True(moved.Succeeded);
        Assert.NotEqual(first.ETag, moved.ETag);

        var replace = await _table.UpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "c" }, first.ETag, TableUpdateMode.Replace);
        var merge = await _table.UpdateEntityAsync(new TableEntity("p", "guarded") { ["State"] = "c" }, first.ETag, TableUpdateMode.Merge);
        var delete = await _table.DeleteEntityAsync("p", "guarded", first.ETag);

        Assert.Equal(TableWriteOutcome.Conflict, replace.Outcome);
        Assert.Equal(TableWriteOutcome.Conflict, merge.Outcome);
        Assert.Equal(TableWriteOutcome.Conflict, delete.Outcome);
        Assert.Equal(412, replace.Status);
        Assert.Equal("b", (await _table.GetEntityIfExistsAsync("p", "guarded"))!.GetString("State"));
    }

    [Fact]
    public async Task Merge_keeps_properties_not_sent_and_replace_drops_them()
    {
        var added = await _table.AddEntityAsync(new TableEntity("p", "modes") { ["A"] = 1, ["B"] = 2 });
        var merged = await _table.UpdateEntityAsync(new TableEntity("p", "modes") { ["B"] = 3 }, added.ETag, TableUpdateMode.Merge);
        var afterMerge = await _table.GetEntityIfExistsAsync("p", "modes");
        Assert.Equal(1, afterMerge!.GetInt32("A"));
        Assert.Equal(3, afterMerge.GetInt32("B"));

        await _table.UpdateEntityAsync(new TableEntity("p", "modes") { ["B"] = 4 }, merged.ETag, TableUpdateMode.Replace);
        var afterReplace = await _table.GetEntityIfExistsAsync("p", "modes");
        Assert.False(afterReplace!.ContainsKey("A"));
        Assert.Equal(4, afterReplace.GetInt32("B"));
    }

    [Fact]
    public async Task Updating_or_deleting_a_missing_row_is_a_NotFound_value()
    {
        var update = await _table.UpdateEntityAsync(new TableEntity("p", "ghost") { ["A"] = 1 }, ETag.All);
        var delete = await _table.DeleteEntityAsync("p", "ghost");

        Assert.Equal(TableWriteOutcome.NotFound, update.Outcome);
        Assert.Equal(TableWriteOutcome.NotFound, delete.Outcome);
        Assert.Equal(404, delete.Status);
    }

    [Fact]
    public async Task Upsert_inserts_then_replaces_or_merges()
    {
        Assert.True((await _table.UpsertEntityAsync(new TableEntity("p", "up") { ["A"] = 1 })).Succeeded);
        await _table.UpsertEntityAsync(new TableEntity("p", "up") { ["B"] = 2 }, TableUpdateMode.Merge);
        var merged = await _table.GetEntityIfExistsAsync("p", "up");
        Assert.Equal(1, merged!.GetInt32("A"));
        Assert.Equal(2, merged.GetInt32("B"));

        await _table.UpsertEntityAsync(new TableEntity("p", "up") { ["C"] = 3 }, TableUpdateMode.Replace);
        var replaced = await _table.GetEntityIfExistsAsync("p", "up");
        Assert.Equal(["C"], replaced!.Keys);
    }

    [Fact]
    public async Task Delete_removes_the_row_when_the_ETag_matches()
    {
        var added = await _table.AddEntityAsync(new TableEntity("p", "del"));

        var deleted = await _table.DeleteEntityAsync("p", "del", added.ETag);

        Assert.True(deleted.Succeeded);
        Assert.Null(await _table.GetEntityIfExistsAsync("p", "del"));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("a b+c%d&e=f(g)h;i*j@k,l$m")]
    [InlineData("ünïcødé")]
    [InlineData("''")]
    public async Task Keys_with_awkward_characters_round_trip(string key)
    {
        var added = await _table.AddEntityAsync(new TableEntity(key, key) { ["V"] = 1 });
        Assert.True(added.Succeeded);
        Assert.NotNull(await _table.GetEntityIfExistsAsync(key, key));
        Assert.True((await _table.UpdateEntityAsync(new TableEntity(key, key) { ["V"] = 2 }, added.ETag)).Succeeded);
        Assert.True((await _table.DeleteEntityAsync(key, key)).Succeeded);
    }

    [Fact]
    public async Task Query_filters_selects_and_follows_continuation_across_pages()
    {
        for (var i = 0; i < 7; i++)
        {
            await _table.AddEntityAsync(new TableEntity("q", $"r{i}") { ["N"] = i, ["Skip"] = "x" });
        }

        await _table.AddEntityAsync(new TableEntity("other", "r0") { ["N"] = 0 });

        var first = await _table.QueryPageAsync("PartitionKey eq 'q' and N ge 2", ["N"], maxPerPage: 2);
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Continuation);

        var all = await _table.QueryAsync("PartitionKey eq 'q' and N ge 2", ["N"], maxPerPage: 2).ToListAsync();
        Assert.Equal([2, 3, 4, 5, 6], all.Select(e => e.GetInt32("N")!.Value));
        Assert.All(all, e => Assert.False(e.ContainsKey("Skip")));
        Assert.All(all, e => Assert.Equal("q", e.PartitionKey));
        Assert.Equal(["r2", "r3", "r4", "r5", "r6"], all.Select(e => e.RowKey));
        var point = await _table.GetEntityIfExistsAsync("q", "r3", ["N"]);
        Assert.Equal(("q", "r3", 3), (point!.PartitionKey, point.RowKey, point.GetInt32("N")));
        Assert.False(point.ContainsKey("Skip"));
        Assert.All(all, e => Assert.NotEqual(default, e.ETag));
    }

    [Fact]
    public async Task A_missing_table_is_an_exception_not_a_missing_row()
    {
        var missing = new TableClient(azurite.ConnectionString, StorageNames.Table("gone"));

        var read = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.GetEntityIfExistsAsync("p", "r"));
        var update = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.UpdateEntityAsync(new TableEntity("p", "r"), ETag.All));
        var delete = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.DeleteEntityAsync("p", "r"));
        var insert = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.AddEntityAsync(new TableEntity("p", "r")));
        var batch = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.SubmitTransactionAsync(
            [new(TableTransactionActionType.Delete, new TableEntity("p", "r"))]));

        Assert.All(new[] { read, update, delete, insert, batch }, ex => Assert.Equal((404, "TableNotFound"), (ex.Status, ex.ErrorCode)));
        Assert.False(await missing.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task A_bad_request_throws_the_storage_exception_with_status_code_and_request_id()
    {
        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => _table.QueryPageAsync("this is not a filter"));

        Assert.Equal(400, ex.Status);
        Assert.False(string.IsNullOrEmpty(ex.ErrorCode));
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
        Assert.Contains("400", ex.Message, StringComparison.Ordinal);
    }
}
