using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Ledgers;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Ledgers;

/// <summary>The single-use consent states against Azurite.</summary>
[Collection("Azurite")]
public sealed class ConsentRequestsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly TableClient _table = TestStorage.Clients.GetTableClient(StorageNames.Table("consents"));

    [Fact]
    public async Task A_state_is_taken_once_for_its_tenant_and_connection_and_then_is_unknown()
    {
        var requests = new ConsentRequests(_table);
        var started = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);

        var first = await requests.TakeAsync(started.State, Now.AddMinutes(9), CancellationToken.None);
        var replay = await requests.TakeAsync(started.State, Now.AddMinutes(9), CancellationToken.None);

        Assert.Equal(ConsentTakeOutcome.Taken, first.Outcome);
        Assert.Equal(("t1", "t1-xero", Now + Lifetime), (first.Request!.TenantId, first.Request.ConnectionId, first.Request.ExpiresAt));
        Assert.Equal(ConsentTakeOutcome.Unknown, replay.Outcome);
    }

    [Fact]
    public async Task Of_concurrent_callbacks_with_one_state_exactly_one_takes_it()
    {
        var requests = new ConsentRequests(_table);
        var started = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);

        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => requests.TakeAsync(started.State, Now, CancellationToken.None))));

        Assert.Single(takes, t => t.Outcome == ConsentTakeOutcome.Taken);
        Assert.All(takes.Where(t => t.Outcome != ConsentTakeOutcome.Taken), t => Assert.Equal(ConsentTakeOutcome.Unknown, t.Outcome));
    }

    [Fact]
    public async Task An_expired_state_is_refused_and_removed()
    {
        var requests = new ConsentRequests(_table);
        var started = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);

        var late = await requests.TakeAsync(started.State, Now + Lifetime, CancellationToken.None);
        var again = await requests.TakeAsync(started.State, Now, CancellationToken.None);

        Assert.Equal(ConsentTakeOutcome.Expired, late.Outcome);
        Assert.Equal(ConsentTakeOutcome.Unknown, again.Outcome);
    }

    [Fact]
    public async Task States_are_random_stored_only_as_hashes_and_a_made_up_state_is_unknown()
    {
        var requests = new ConsentRequests(_table);
        var a = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);
        var b = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);

        var rows = await _table.QueryAsync<TableEntity>().ToListAsync();

        Assert.NotEqual(a.State, b.State);
        Assert.True(a.State.Length >= 43);
        Assert.DoesNotContain(rows, r => r.RowKey == a.State || r.Any(p => p.Value as string == a.State));
        Assert.Equal(ConsentTakeOutcome.Unknown, (await requests.TakeAsync("made-up", Now, CancellationToken.None)).Outcome);
        Assert.Equal(ConsentTakeOutcome.Unknown, (await requests.TakeAsync(new string('x', 500), Now, CancellationToken.None)).Outcome);
        Assert.Equal(ConsentTakeOutcome.Unknown, (await requests.TakeAsync(null, Now, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Purging_removes_only_expired_states()
    {
        var requests = new ConsentRequests(_table);
        var old = await requests.CreateAsync("t1", "t1-xero", Now.AddHours(-1), Lifetime, CancellationToken.None);
        var fresh = await requests.CreateAsync("t1", "t1-xero", Now, Lifetime, CancellationToken.None);

        var purged = await requests.PurgeExpiredAsync(Now, 50, CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(ConsentTakeOutcome.Unknown, (await requests.TakeAsync(old.State, Now, CancellationToken.None)).Outcome);
        Assert.Equal(ConsentTakeOutcome.Taken, (await requests.TakeAsync(fresh.State, Now, CancellationToken.None)).Outcome);
    }

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();
}
