using Azure;
using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Storage.Tables;

[Collection("Azurite")]
public sealed class TableTransactionTests : IAsyncLifetime
{
    private readonly TableClient _table = TestStorage.Clients.GetTableClient(StorageNames.Table("tx"));

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task A_transaction_applies_every_action_kind_and_returns_ETags()
    {
        var existing = await _table.TryAddEntityAsync(new TableEntity("p", "update") { ["V"] = 1 });
        await _table.TryAddEntityAsync(new TableEntity("p", "delete"));
        await _table.TryAddEntityAsync(new TableEntity("p", "merge") { ["Keep"] = "yes" });

        var result = await _table.TrySubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["V"] = 1L }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "update") { ["V"] = 2 }, existing.ETag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["New"] = "also" }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert1") { ["V"] = 3 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert2") { ["V"] = 4 }),
        ]);

        Assert.True(result.Succeeded);
        Assert.Equal(6, result.ETags.Count);
        Assert.All(result.ETags.Where((_, i) => i != 2), e => Assert.NotEqual(default, e));
        Assert.Equal(default, result.ETags[2]);
        Assert.Equal(result.ETags[1], (await _table.FindEntityAsync("p", "update"))!.ETag);
        Assert.Equal(1L, (await _table.FindEntityAsync("p", "add"))!.GetInt64("V"));
        Assert.Equal(2, (await _table.FindEntityAsync("p", "update"))!.GetInt32("V"));
        Assert.Null(await _table.FindEntityAsync("p", "delete"));
        var merged = await _table.FindEntityAsync("p", "merge");
        Assert.Equal("yes", merged!.GetString("Keep"));
        Assert.Equal("also", merged.GetString("New"));
        Assert.NotNull(await _table.FindEntityAsync("p", "upsert2"));
    }

    [Fact]
    public async Task A_failing_action_rolls_back_the_whole_transaction_and_names_its_index()
    {
        await _table.TryAddEntityAsync(new TableEntity("p", "taken"));

        var result = await _table.TrySubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p", "b")),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken")),
        ]);

        Assert.Equal(TableWriteOutcome.AlreadyExists, result.Outcome);
        Assert.Equal(2, result.FailedActionIndex);
        Assert.Equal("EntityAlreadyExists", result.ErrorCode);
        Assert.Null(await _table.FindEntityAsync("p", "a"));
        Assert.Null(await _table.FindEntityAsync("p", "b"));
    }

    [Fact]
    public async Task A_stale_ETag_inside_a_transaction_is_a_Conflict_and_nothing_applies()
    {
        var first = await _table.TryAddEntityAsync(new TableEntity("p", "row") { ["V"] = 1 });
        await _table.TryUpdateEntityAsync(new TableEntity("p", "row") { ["V"] = 2 }, first.ETag);

        var result = await _table.TrySubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "side")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "row") { ["V"] = 3 }, first.ETag),
        ]);

        Assert.Equal(TableWriteOutcome.Conflict, result.Outcome);
        Assert.Equal(1, result.FailedActionIndex);
        Assert.Null(await _table.FindEntityAsync("p", "side"));
    }

    [Fact]
    public async Task A_cross_partition_transaction_is_refused_by_the_client_although_Azurite_would_accept_it()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _table.TrySubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p1", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "a")),
        ]));

        Assert.Contains("one partition", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _table.FindEntityAsync("p1", "a"));
        Assert.Null(await _table.FindEntityAsync("p2", "a"));
    }

    [Fact]
    public async Task Query_follows_continuation_across_more_than_1000_entities()
    {
        const int total = 1_250;
        for (var start = 0; start < total; start += 100)
        {
            var batch = Enumerable.Range(start, Math.Min(100, total - start))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5")) { ["N"] = i }));
            Assert.True((await _table.TrySubmitTransactionAsync(batch)).Succeeded);
        }

        var firstPage = await _table.QueryPageAsync("PartitionKey eq 'bulk'");
        var all = await _table.QueryAsync<TableEntity>("PartitionKey eq 'bulk'").ToListAsync();

        Assert.Equal(1_000, firstPage.Items.Count);
        Assert.NotNull(firstPage.Continuation);
        Assert.Equal(total, all.Count);
        Assert.Equal(Enumerable.Range(0, total), all.Select(e => e.GetInt32("N")!.Value));
    }

    [Fact]
    public async Task Deleting_a_missing_row_inside_a_transaction_is_NotFound()
    {
        var result = await _table.TrySubmitTransactionAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity("p", "ghost"), ETag.All),
        ]);

        Assert.Equal(TableWriteOutcome.NotFound, result.Outcome);
    }
}
