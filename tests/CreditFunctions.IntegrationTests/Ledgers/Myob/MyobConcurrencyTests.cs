using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Ledgers.Myob;

/// <summary>Many tenants on one API key (M4), and token rotation shared by processes (contract §12).</summary>
public sealed class MyobConcurrencyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Fifty_tenants_sharing_one_API_key_at_full_speed_see_no_403_and_run_at_eight_calls_a_second()
    {
        // MYOB's real limits (8 a second per key across every company file) on a clock moved only when every call waits on it.
        await using var myob = await MyobAdapterHarness.StartAsync(realLimits: true);
        var time = myob.ManualTime;
        var connections = new List<LedgerConnection>();
        for (var i = 0; i < 50; i++)
        {
            var file = myob.Simulator.Seed.CompanyFile($"Tenant {i}");
            myob.Simulator.Seed.Customer(file, "Cafe Bean", MyobAdapterHarness.CustomerNumber);
            var connection = new LedgerConnection($"tenant{i}-myob", LedgerKind.Myob, file.ToString());
            await myob.SeedTokensAsync(connection, myob.Simulator.Seed.Tokens(myob.Seed.ApiKey, file));
            connections.Add(connection);
        }

        myob.Simulator.Counters.Reset();
        var started = time.GetUtcNow();
        var connector = myob.Connector;
        var work = Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, 2).Select(n => Task.Run(() =>
            connector.CreateCreditNoteAsync(c, MyobAdapterHarness.Note($"CN-{n}"), MyobAdapterHarness.Key($"{c.ConnectionId}-{n}"), None)))));

        var results = await MyobClockDriver.RunAsync(time, myob.Gate, myob.Seed.ApiKey, work);
        var counters = myob.Simulator.Counters.Snapshot();
        var elapsed = time.GetUtcNow() - started;
        var floor = TimeSpan.FromSeconds((counters.ApiCalls - 8) / 8.0); // the first eight go at once

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(0, counters.RateLimited);
        Assert.Equal(100, connections.Sum(c => myob.Simulator.Store.CreditNotesByNumber("CN-0", Guid.Parse(c.LedgerTenantId)).Count + myob.Simulator.Store.CreditNotesByNumber("CN-1", Guid.Parse(c.LedgerTenantId)).Count));
        Assert.InRange(elapsed, floor, floor + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Sixteen_workers_in_two_processes_rotate_one_connections_tokens_through_the_shared_store_without_a_lock_out()
    {
        // The simulator retires a refresh token the moment it is used, so only the refresh claim in the shared row keeps the
        // connection alive. Real clock (a worker waiting for another's refresh polls on it): 2-second access tokens refreshed
        // 0.5 s early, so four rotations take a few seconds.
        await using var myob = await MyobAdapterHarness.StartAsync(
            o => o.AccessTokenLifetime = TimeSpan.FromSeconds(2),
            TimeProvider.System,
            settings: new Dictionary<string, string?> { ["Myob:RefreshBeforeExpiry"] = "00:00:00.5" });
        var processes = new[] { myob.Process(0), myob.Process(1) }.Select(p => p.GetRequiredService<MyobCreditNotesConnector>()).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var calls = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            while (myob.Simulator.Counters.Snapshot().TokenRequests < 4 && failures.IsEmpty && !limit.IsCancellationRequested)
            {
                var result = await processes[worker % 2].FindCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note($"CN-T{worker}"), limit.Token);
                Interlocked.Increment(ref calls);
                if (!result.Succeeded)
                {
                    failures.Enqueue($"{result.Failure!.Kind}: {result.Failure.Message}");
                }
            }
        })));

        Assert.Empty(failures);
        Assert.False(limit.IsCancellationRequested, "four rotations did not happen within a minute");
        Assert.True(calls > 16, $"only {calls} calls");
    }

    [Fact]
    public async Task A_revoked_consent_is_AuthorisationLost()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.Simulator.Control.RevokeConsent(myob.Seed.ApiKey);

        var found = await myob.Connector.FindCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-X"), None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, found.Failure!.Kind);
    }
}
