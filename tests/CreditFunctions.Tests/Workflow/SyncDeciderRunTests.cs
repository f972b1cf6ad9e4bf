using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>
/// A toy runner drives the decider against an in-memory ledger with no idempotency key of its own (like MYOB),
/// injecting lost responses, transient failures and crashes before and after the call. Whatever happens, the
/// ledger ends with the document exactly once and each allocation exactly once.
/// </summary>
public sealed class SyncDeciderRunTests
{
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_document_lands_exactly_once_whatever_fails(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed));

        run.Accept(Target(1, false, Inv1, Inv2));
        run.UntilComplete();

        var live = Assert.Single(ledger.Documents, d => d.Status != "VOIDED");
        Assert.Single(ledger.Documents);
        Assert.Equal(["INV-0001", "INV-0002"], live.Allocations.Select(a => a.InvoiceNumber).Order());
        Assert.Equal(SyncStatusState.Synced, SyncStatusView.From(run.State, run.Now).State);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_amended_allocated_document_is_replaced_exactly_once_whatever_fails(int seed)
    {
        var ledger = new ToyLedger();
        var run = new ToyRunner(ledger, new Random(seed));
        run.Accept(Target(1, false, Inv1));
        run.UntilComplete();

        run.Accept(Target(2, false, Inv2));
        run.UntilComplete();

        Assert.Equal(2, ledger.Documents.Count);
        Assert.Equal("VOIDED", ledger.Documents[0].Status);
        var live = ledger.Documents[1];
        Assert.Equal("INV-0002", Assert.Single(live.Allocations).InvoiceNumber);
        Assert.Equal(live.Id, run.State.Branch(Xero)!.LedgerDocumentId);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    private sealed class ToyRunner(ToyLedger ledger, Random random)
    {
        public SyncState State { get; private set; } = SyncState.Initial;

        public DateTimeOffset Now { get; private set; } = T0;

        public void Accept(DocumentTarget target) => Apply(WorkflowSamples.Accept(target, Now));

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
            switch (SyncDecider.NextStep(State, Xero, Now))
            {
                case BranchStep.ReadBack readBack:
                    Apply(new CompleteReadBack(Xero, readBack.Key, ledger.Find(), null, Now));
                    break;
                case BranchStep.Write write:
                    if (Apply(new BeginWrite(Xero, Now)).Count == 0)
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
                        Apply(CompleteWrite.Fail(Xero, write.Key, Failure(LedgerFailureKind.Transient), Now, random.NextDouble()));
                        return;
                    }

                    var id = ledger.Perform(write, State.Target!.Total);
                    if (fault == 2)
                    {
                        return; // crashed after the call: the sweep and a read-back must find it
                    }

                    Apply(fault == 3
                        ? CompleteWrite.Fail(Xero, write.Key, Failure(LedgerFailureKind.Ambiguous, "response lost"), Now, random.NextDouble())
                        : CompleteWrite.Success(Xero, write.Key, id, Now));
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

        public LedgerDocument? Find()
        {
            // Like a find by number: the newest document with it.
            var document = Documents.LastOrDefault();
            return document is null ? null : new LedgerDocument(document.Id, "CN-1001", document.Status, document.Total, 0, document.Allocations);
        }

        public string Perform(BranchStep.Write write, decimal total)
        {
            switch (write.Operation)
            {
                case LedgerOperation.CreateCreditNote:
                    var created = new ToyDocument($"doc-{++_ids}", "AUTHORISED", total, []);
                    Documents.Add(created);
                    return created.Id;
                case LedgerOperation.VoidCreditNote:
                    var index = Documents.FindIndex(d => d.Id == write.LedgerDocumentId);
                    Documents[index] = Documents[index] with { Status = "VOIDED" };
                    return write.LedgerDocumentId!;
                case LedgerOperation.Allocate:
                    var allocationId = $"alloc-{++_ids}";
                    Documents.Single(d => d.Id == write.LedgerDocumentId).Allocations.Add(
                        new LedgerAllocation(allocationId, write.Allocation!.InvoiceNumber, write.Allocation.Amount, write.Allocation.Date));
                    return allocationId;
                default:
                    throw new InvalidOperationException($"Unexpected {write.Operation}.");
            }
        }
    }

    private sealed record ToyDocument(string Id, string Status, decimal Total, List<LedgerAllocation> Allocations);
}
