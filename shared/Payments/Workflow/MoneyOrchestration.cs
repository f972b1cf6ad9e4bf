using CreditFunctions.Ledgers;
using CreditFunctions.Workflow.Durable;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The names and messages of the money workflow (docs/payments.md "Workflow"): one orchestration per tenant + money
/// document (<see cref="MoneyInstanceKey.InstanceId"/>), its activities, and the external event it listens to (a
/// <see cref="SyncSignal"/>: Inbox, Retry, Tick). The Functions app and the local host register the same names.
/// </summary>
public static class MoneyOrchestration
{
    public const string Name = "MoneySync";
    public const string SignalEvent = "signal";

    public const string ReadInboxActivity = "ReadMoneyInbox";
    public const string RecordActivity = "RecordMoneyProgress";
    public const string StepActivity = "RunMoneyStep";
}

/// <summary>
/// Input of <see cref="MoneyOrchestration.Name"/>: the document, the durations (passed in so tests pass short ones), the
/// state carried across ContinueAsNew or recorded before a restart (null on a first start), and how far the app's
/// clock is ahead of the orchestration's (tests move the app's).
/// </summary>
public sealed record MoneyOrchestrationInput(
    string TenantId, MoneyDocumentKind Kind, string DocumentId, MoneySettings Settings, string? StateJson = null, TimeSpan ClockOffset = default)
{
    public MoneyInstanceKey Key => new(TenantId, Kind, DocumentId);
}

/// <summary>Names one money document in activity inputs.</summary>
public sealed record MoneyDocumentRef(string TenantId, MoneyDocumentKind Kind, string DocumentId)
{
    public MoneyInstanceKey Key => new(TenantId, Kind, DocumentId);
}

/// <summary>Every recorded event of a document (oldest first) with the tenant's policy and connections now.</summary>
public sealed record MoneyInbox(IReadOnlyList<MoneyInboxEvent> Events, MoneyPolicy Policy, DateTimeOffset At);

/// <summary>One recorded event as JSON (<see cref="MoneyJson"/>) and when intake received it.</summary>
public sealed record MoneyInboxEvent(string EventJson, DateTimeOffset ReceivedAt);

/// <summary>
/// One ledger step of one branch (<see cref="MoneyWork.Call"/>), with the state it was decided on (the document as
/// stated, the branch's postings and attempted keys).
/// </summary>
public sealed record MoneyStepRequest(
    string TenantId, MoneyDocumentKind Kind, string DocumentId, string ConnectionId, LedgerKind Ledger, MoneyOperation Operation, LedgerWriteKey Key, string? ApplicationId, string StateJson);

/// <summary>What <see cref="MoneyOrchestration.RecordActivity"/> writes: the state for the status API and the alerts to publish.</summary>
public sealed record MoneyProgress(string StateJson, IReadOnlyList<SyncAlert> Alerts);
