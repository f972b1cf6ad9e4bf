using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>Many workers and processes on one Xero connection: contacts, token rotation, pacing under Xero's real limits.</summary>
[Collection("Azurite")]
public sealed class XeroConcurrencyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Two_processes_creating_for_the_same_new_contact_at_once_make_one_Xero_contact()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var first = harness.Process(0).GetRequiredService<XeroCreditNotesConnector>();
        var second = harness.Process(1).GetRequiredService<XeroCreditNotesConnector>();

        var results = await Task.WhenAll(
            Task.Run(() => first.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-C1", contactId: "CUST-NEW", contactName: "New Cafe"), XeroAdapterHarness.Key("CN-C1"), None)),
            Task.Run(() => second.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-C2", contactId: "CUST-NEW", contactName: "New Cafe"), XeroAdapterHarness.Key("CN-C2"), None)),
            Task.Run(() => first.CreateCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note("CN-C3", contactId: "CUST-NEW", contactName: "New Cafe"), XeroAdapterHarness.Key("CN-C3"), None)));
        var contacts = await harness.Process().GetRequiredService<XeroClient>().FindContactsAsync(harness.Connection, "CUST-NEW", None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Single(contacts.Value!.Contacts);
    }

    [Fact]
    public async Task Sixteen_workers_in_two_processes_share_one_connection_through_token_rotation_without_a_lock_out()
    {
        // Strict rotation (no grace): an old refresh token is dead the moment it is used, so only the refresh claim
        // in the ETag-guarded token row (Azurite) keeps the connection alive. Real clock, 2-second access tokens
        // refreshed 0.5 s early, so four rotations take a few seconds; limits raised so pacing stays out of the way.
        var table = TestStorage.Clients.GetTableClient(StorageNames.Table("xerotokens"));
        await using var harness = await XeroAdapterHarness.StartAsync(
            o =>
            {
                o.RefreshTokenGracePeriod = TimeSpan.Zero;
                o.AccessTokenLifetime = TimeSpan.FromSeconds(2);
                o.RateLimits = new Sim.XeroRateLimits(16, 100_000, 1_000_000, 1_000_000);
            },
            TimeProvider.System,
            new TableSecretStore(table),
            new Dictionary<string, string?>
            {
                ["Xero:RefreshBeforeExpiry"] = "00:00:00.5",
                ["Xero:ConcurrentCallsPerTenant"] = "8",
                ["Xero:CallsPerWindowPerTenant"] = "100000",
                ["Xero:CallsPerDayPerTenant"] = "1000000",
            });
        var processes = new[] { harness.Process(0), harness.Process(1) }.Select(p => p.GetRequiredService<XeroCreditNotesConnector>()).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var calls = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            while (harness.Simulator.Counters.Snapshot().TokenRequests < 4 && failures.IsEmpty && !limit.IsCancellationRequested)
            {
                var result = await processes[worker % 2].FindCreditNoteAsync(harness.Connection, XeroAdapterHarness.Note($"CN-T{worker}"), limit.Token);
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
        await table.DeleteAsync();
    }

    [Fact]
    public async Task A_burst_of_300_credit_notes_for_one_tenant_finishes_with_zero_429s_near_the_floor_Xeros_limits_set()
    {
        // Xero's real limits (60 per minute, 5 in flight) on one ManualTimeProvider shared by the pacer and the
        // simulator; XeroClockDriver moves it, so five virtual minutes pass in a second or two.
        await using var harness = await XeroAdapterHarness.StartAsync(settings: new Dictionary<string, string?> { ["Xero:MaxPacingWait"] = "01:00:00" });
        var connector = harness.Connector;
        var start = harness.Time.GetUtcNow();
        var notes = Enumerable.Range(0, 300).Select(i => XeroAdapterHarness.Note($"CN-B{i:D3}")).ToList();

        var work = Task.WhenAll(notes.Select(note => Task.Run(() => connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key(note.Number), None))));
        var results = await XeroClockDriver.RunAsync(harness.ManualTime, harness.Gate, harness.Connection.LedgerTenantId, work);

        var elapsed = harness.Time.GetUtcNow() - start;
        var counters = harness.Simulator.Counters.Snapshot();
        var floor = TimeSpan.FromMinutes((counters.ApiCalls - 1) / 60.0);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(0, counters.Throttled);
        Assert.Equal(300, harness.Simulator.Store.CreditNotes(harness.TenantId).Count);
        Assert.InRange(counters.ApiCalls, 301, 302); // one contact look-up, then one PUT per credit note
        Assert.InRange(elapsed, floor * 0.95, floor * 1.1);
    }
}
