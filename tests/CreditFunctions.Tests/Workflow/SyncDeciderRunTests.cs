using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>
/// A toy runner drives the decider against an in-memory ledger with no idempotency key of its own (like MYOB) that,
/// like Xero, refuses to edit or void a document with an allocation (ledger-apis.md X7), injecting lost responses,
/// transient failures and crashes before and after the call. Whatever happens, the ledger ends with the document
/// exactly once and each allocation exactly once.
/// </summary>
public sealed class SyncDeciderRunTests
{
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_document_lands_exactly_once_whatever_fails(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed), XeroConnection);

        run.Accept(Target(1, false, Inv1, Inv2));
        run.UntilComplete();

        var live = Assert.Single(ledger.Documents, d => d.Status != "VOIDED");
        Assert.Single(ledger.Documents);
        Assert.Equal(["INV-0001", "INV-0002"], live.Allocations.Select(a => a.InvoiceNumber).Order());
        Assert.Equal(SyncStatusState.Synced, SyncStatusView.From(run.State, run.Now).State);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_amended_allocated_document_is_unallocated_updated_and_allocated_again_exactly_once_whatever_fails(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed), XeroConnection);
        run.Accept(Target(1, false, Inv1));
        run.UntilComplete();

        run.Accept(Target(2, false, Inv2));
        run.UntilComplete();

        var document = Assert.Single(ledger.Documents);
        Assert.Equal((2L, "AUTHORISED"), (document.Version, document.Status));
        Assert.Equal("INV-0002", Assert.Single(document.Allocations).InvoiceNumber);
        Assert.Equal([document.Allocations[0].AllocationId], run.State.Branch(Xero)!.PostedAllocations.Select(p => p.AllocationId));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_amended_allocated_document_on_a_ledger_that_cannot_update_is_unallocated_voided_and_recreated_exactly_once(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed), QboConnection);
        run.Accept(Target(1, false, Inv1));
        run.UntilComplete();

        run.Accept(Target(2, false, Inv2));
        run.UntilComplete();

        Assert.Equal(2, ledger.Documents.Count);
        Assert.Equal("VOIDED", ledger.Documents[0].Status);
        Assert.Empty(ledger.Documents[0].Allocations);
        var live = ledger.Documents[1];
        Assert.Equal("INV-0002", Assert.Single(live.Allocations).InvoiceNumber);
        Assert.Equal(live.Id, run.State.Branch(Qbo)!.LedgerDocumentId);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_voided_allocated_document_is_unallocated_then_voided_exactly_once_whatever_fails(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed), XeroConnection);
        run.Accept(Target(1, false, Inv1, Inv2));
        run.UntilComplete();

        run.Accept(Target(2, voided: true));
        run.UntilComplete();

        var document = Assert.Single(ledger.Documents);
        Assert.Equal("VOIDED", document.Status);
        Assert.Empty(document.Allocations);
        Assert.Equal(SyncStatusState.Voided, SyncStatusView.From(run.State, run.Now).State);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    private sealed class ToyRunner(ToyLedger ledger, Random random, BranchConnection connection)
    {
        private readonly string _branch = connection.ConnectionId;

        public SyncState State { get; private set; } = SyncState.Initial;

        public DateTimeOffset Now { get; private set; } = T0;

        public void Accept(DocumentTarget target) => Apply(WorkflowSamples.Accept(target, Now, null, connection));

        public void UntilComplete()
        {
            for (var round = 0; round < 500 && !State.IsComplete; round++)
            {
                Step();
                Now = Now.AddSeconds(30);
                Apply(new Tick(Now));
            }

            Assert.True(State.IsComplete, "the document never synced");
        }

        private void Step()
        {
            switch (SyncDecider.NextStep(State, _branch, Now))
            {
                case BranchStep.ReadBack readBack:
                    Apply(new CompleteReadBack(_branch, readBack.Key, ledger.Find(State.Branch(_branch)!.InFlight!.Version), null, Now));
                    break;
                case BranchStep.Write write:
                    if (Apply(new BeginWrite(_branch, Now)).Count == 0)
                    {
                        return;
                    }

                    var fault = random.Next(6);
                    if (fault == 0)
                    {
                        return; // crashed before the call
                    }

                    if (fault == 1)
                    {
                        Apply(CompleteWrite.Fail(_branch, write.Key, Failure(LedgerFailureKind.Transient), Now, random.NextDouble()));
                        return;
                    }

                    var id = ledger.Perform(write, State.Target!);
                    if (fault == 2)
                    {
                        return; // crashed after the call: the sweep and a read-back must find it
                    }

                    Apply(fault == 3
                        ? CompleteWrite.Fail(_branch, write.Key, Failure(LedgerFailureKind.Ambiguous, "response lost"), Now, random.NextDouble())
                        : CompleteWrite.Success(_branch, write.Key, id, Now));
                    break;
                default:
                    break;
            }
        }

        private IReadOnlyList<SyncEvent> Apply(SyncCommand command)
        {
            var events = SyncDecider.Decide(State, command);
            State = SyncDecider.EvolveAll(State, events);
            return events;
        }
    }

    private sealed class ToyLedger
    {
        private int _ids;

        public List<ToyDocument> Documents { get; } = [];

        /// <summary>Like a find by number: the newest document with it, and whether it holds <paramref name="version"/>'s content.</summary>
        public LedgerDocument? Find(long version)
        {
            var document = Documents.LastOrDefault();
            return document is null
                ? null
                : new LedgerDocument(document.Id, "CN-1001", document.Status, document.Total, 0, [.. document.Allocations]) { MatchesNote = document.Version == version };
        }

        public string Perform(BranchStep.Write write, DocumentTarget target)
        {
            switch (write.Operation)
            {
                case LedgerOperation.CreateCreditNote:
                    var created = new ToyDocument($"doc-{++_ids}", "AUTHORISED", target.Total, write.Version, []);
                    Documents.Add(created);
                    return created.Id;
                case LedgerOperation.UpdateCreditNote:
                    Change(write, d => d with { Total = target.Total, Version = write.Version });
                    return write.LedgerDocumentId!;
                case LedgerOperation.VoidCreditNote:
                    Change(write, d => d with { Status = "VOIDED" });
                    return write.LedgerDocumentId!;
                case LedgerOperation.Allocate:
                    var allocationId = $"alloc-{++_ids}";
                    Document(write).Allocations.Add(new LedgerAllocation(allocationId, write.Allocation!.InvoiceNumber, write.Allocation.Amount, write.Allocation.Date));
                    return allocationId;
                case LedgerOperation.Unallocate:
                    // Removing an allocation that is already gone (a repeat) succeeds, as the adapters make it.
                    Document(write).Allocations.RemoveAll(a => a.AllocationId == write.Posted!.AllocationId);
                    return write.Posted!.AllocationId!;
                default:
                    throw new InvalidOperationException($"Unexpected {write.Operation}.");
            }
        }

        private ToyDocument Document(BranchStep.Write write) => Documents.Single(d => d.Id == write.LedgerDocumentId);

        private void Change(BranchStep.Write write, Func<ToyDocument, ToyDocument> change)
        {
            var index = Documents.FindIndex(d => d.Id == write.LedgerDocumentId);
            Assert.Empty(Documents[index].Allocations); // X7: "This document cannot be edited as it has a payment or credit note allocated to it"
            Documents[index] = change(Documents[index]);
        }
    }

    private sealed record ToyDocument(string Id, string Status, decimal Total, long Version, List<LedgerAllocation> Allocations);
}
