using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Tests.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers;

/// <summary>Group commit of creates per connection (<see cref="LedgerCreateBatcher"/>), over a ledger whose calls the test releases one by one.</summary>
public sealed class LedgerCreateBatcherTests
{
    private static readonly LedgerConnection Connection = new("demo-xero", LedgerKind.Xero, "tenant-1");
    private static readonly LedgerConnection Other = new("other-xero", LedgerKind.Xero, "tenant-2");

    [Fact]
    public async Task A_lone_create_goes_out_at_once_on_its_own()
    {
        var ledger = new GatedLedger(maxBatch: 50, open: true);

        var result = await new LedgerCreateBatcher().CreateAsync(ledger, Connection, XeroSamples.Note("CN-1"), Key("CN-1"), CancellationToken.None);

        Assert.Equal("id-CN-1", result.Value!.LedgerDocumentId);
        Assert.Equal([["CN-1"]], ledger.Calls);
        Assert.Equal(1, ledger.SingleCalls);
    }

    [Fact]
    public async Task Creates_that_arrive_while_every_call_is_busy_share_the_next_call_each_with_its_own_result()
    {
        var ledger = new GatedLedger(maxBatch: 50);
        var batcher = new LedgerCreateBatcher(callsInFlight: 1);
        var first = Create(batcher, ledger, Connection, "CN-1");
        await ledger.StartedAsync(1);

        var later = new[] { "CN-2", "CN-3", "CN-4" }.Select(n => Create(batcher, ledger, Connection, n)).ToArray();
        ledger.Release(2);

        Assert.Equal("id-CN-1", (await first).Value!.LedgerDocumentId);
        Assert.Equal(["id-CN-2", "id-CN-3", "id-CN-4"], (await Task.WhenAll(later)).Select(r => r.Value!.LedgerDocumentId));
        Assert.Equal([["CN-1"], ["CN-2", "CN-3", "CN-4"]], ledger.Calls);
    }

    [Fact]
    public async Task No_call_carries_more_than_the_ledgers_batch_size()
    {
        var ledger = new GatedLedger(maxBatch: 2);
        var batcher = new LedgerCreateBatcher(callsInFlight: 1);
        var first = Create(batcher, ledger, Connection, "CN-1");
        await ledger.StartedAsync(1);
        var later = Enumerable.Range(2, 5).Select(i => Create(batcher, ledger, Connection, $"CN-{i}")).ToArray();

        ledger.Release(4);
        await Task.WhenAll([first, .. later]);

        Assert.Equal([["CN-1"], ["CN-2", "CN-3"], ["CN-4", "CN-5"], ["CN-6"]], ledger.Calls);
    }

    [Fact]
    public async Task Up_to_the_calls_in_flight_creates_go_out_at_once_without_waiting_for_each_other()
    {
        var ledger = new GatedLedger(maxBatch: 50);
        var batcher = new LedgerCreateBatcher(callsInFlight: 2);

        var first = Create(batcher, ledger, Connection, "CN-1");
        var second = Create(batcher, ledger, Connection, "CN-2");
        await ledger.StartedAsync(2);
        ledger.Release(2);
        await Task.WhenAll(first, second);

        Assert.Equal([["CN-1"], ["CN-2"]], ledger.Calls.OrderBy(c => c[0], StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failure_of_the_shared_call_reaches_every_create_it_carried()
    {
        var ledger = new GatedLedger(maxBatch: 50) { Failure = new LedgerFailure(LedgerFailureKind.Ambiguous, "The connection broke.") };
        var batcher = new LedgerCreateBatcher(callsInFlight: 1);
        var first = Create(batcher, ledger, Connection, "CN-1");
        await ledger.StartedAsync(1);
        var later = new[] { "CN-2", "CN-3" }.Select(n => Create(batcher, ledger, Connection, n)).ToArray();

        ledger.Release(2);

        Assert.All(await Task.WhenAll([first, .. later]), r => Assert.Equal(LedgerFailureKind.Ambiguous, r.Failure?.Kind));
        Assert.Equal(2, ledger.Calls.Count);
    }

    [Fact]
    public async Task An_adapter_exception_reaches_each_caller_and_the_connection_keeps_working()
    {
        var ledger = new GatedLedger(maxBatch: 50, open: true) { Throw = true };
        var batcher = new LedgerCreateBatcher();

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.CreateAsync(ledger, Connection, XeroSamples.Note("CN-1"), Key("CN-1"), CancellationToken.None));
        ledger.Throw = false;
        var next = await batcher.CreateAsync(ledger, Connection, XeroSamples.Note("CN-2"), Key("CN-2"), CancellationToken.None);

        Assert.True(next.Succeeded);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_before_its_batch_leaves_is_not_sent()
    {
        var ledger = new GatedLedger(maxBatch: 50);
        var batcher = new LedgerCreateBatcher(callsInFlight: 1);
        var first = Create(batcher, ledger, Connection, "CN-1");
        await ledger.StartedAsync(1);
        using var giveUp = new CancellationTokenSource();
        var abandoned = batcher.CreateAsync(ledger, Connection, XeroSamples.Note("CN-2"), Key("CN-2"), giveUp.Token);
        var kept = Create(batcher, ledger, Connection, "CN-3");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        ledger.Release(2);
        await Task.WhenAll(first, kept);

        Assert.Equal([["CN-1"], ["CN-3"]], ledger.Calls);
    }

    [Fact]
    public async Task A_busy_connection_does_not_hold_up_another()
    {
        var ledger = new GatedLedger(maxBatch: 50);
        var batcher = new LedgerCreateBatcher(callsInFlight: 1);
        var busy = Create(batcher, ledger, Connection, "CN-1");
        await ledger.StartedAsync(1);

        var other = Create(batcher, ledger, Other, "CN-9");
        await ledger.StartedAsync(1);
        ledger.Release(2);
        await Task.WhenAll(busy, other);

        Assert.Equal(2, ledger.Calls.Count);
    }

    [Fact]
    public async Task A_ledger_without_batches_is_called_once_per_create_with_the_callers_token()
    {
        var ledger = new GatedLedger(maxBatch: 1, open: true);
        using var source = new CancellationTokenSource();

        await new LedgerCreateBatcher().CreateAsync(ledger, Connection, XeroSamples.Note("CN-1"), Key("CN-1"), source.Token);

        Assert.Equal(1, ledger.SingleCalls);
        Assert.Equal(source.Token, ledger.LastToken);
    }

    private static Task<LedgerResult<LedgerDocument>> Create(LedgerCreateBatcher batcher, ILedgerConnector ledger, LedgerConnection connection, string number) =>
        batcher.CreateAsync(ledger, connection, XeroSamples.Note(number), Key(number), CancellationToken.None);

    private static LedgerWriteKey Key(string number) => new($"demo:demo-xero:{number}:create:v1:g1:r1");

    /// <summary>Each call waits until the test releases it; records what every call carried.</summary>
    private sealed class GatedLedger(int maxBatch, bool open = false) : ILedgerConnector
    {
        private readonly SemaphoreSlim _proceed = new(open ? int.MaxValue / 2 : 0);
        private readonly SemaphoreSlim _started = new(0);
        private readonly Lock _gate = new();
        private readonly List<string[]> _calls = [];

        public LedgerFailure? Failure { get; init; }

        public bool Throw { get; set; }

        public int SingleCalls { get; private set; }

        public CancellationToken LastToken { get; private set; }

        public List<string[]> Calls
        {
            get
            {
                lock (_gate)
                {
                    return [.. _calls];
                }
            }
        }

        public LedgerKind Ledger => LedgerKind.Xero;

        public LedgerCapabilities Capabilities => new(true, true, 128) { MaxCreateBatch = maxBatch };

        public async Task StartedAsync(int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(10)), "the ledger call never started");
            }
        }

        public void Release(int calls) => _proceed.Release(calls);

        public async Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
        {
            SingleCalls++;
            LastToken = cancellationToken;
            return (await CallAsync([(note, key)]))[0];
        }

        public Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken) =>
            CallAsync(items);

        public Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        private async Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CallAsync(IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items)
        {
            lock (_gate)
            {
                _calls.Add([.. items.Select(i => i.Note.Number)]);
            }

            _started.Release();
            await _proceed.WaitAsync();
            if (Throw)
            {
                throw new InvalidOperationException("A bug in the adapter.");
            }

            return [.. items.Select(i => Failure is { } failure
                ? LedgerResult<LedgerDocument>.Fail(failure)
                : LedgerResult<LedgerDocument>.Ok(new LedgerDocument("id-" + i.Note.Number, i.Note.Number, "AUTHORISED", i.Note.Total, i.Note.Total, [])))];
        }
    }
}
