using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Tenants;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>Documents, events and states the money rules' tests start from (Given), all for tenant <c>t1</c>.</summary>
internal static class MoneySamples
{
    public const string Tenant = "t1";
    public const string Xero = "t1-xero";
    public const string Qbo = "t1-qbo";

    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static readonly MoneySettings Settings = new() { RetryBase = TimeSpan.FromSeconds(2), RetryCap = TimeSpan.FromMinutes(5), ActivityAttempts = 3 };

    public static readonly CreditNoteContact Customer = new("cust_42", "Cafe Luna", null);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static MoneyPolicy Policy(PaymentMode mode = PaymentMode.Both, params LedgerConnection[] connections) =>
        new(mode, TimeSpan.FromMinutes(30), connections.Length == 0 ? [new LedgerConnection(Xero, LedgerKind.Xero, "org-1")] : connections);

    public static PaymentDocument Payment(decimal amount = 100m, string id = "pay_1", DateOnly? date = null) =>
        new(id, CreditNoteKind.Receivable, Customer, date ?? new DateOnly(2026, 11, 20), "AUD", amount, "INV-0001", "090", "Order 5567");

    public static PrepaidCreditDocument CustomerCredit(string id = "cc_1") =>
        new(id, CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 20), "AUD", 300m, "090", "2400", null);

    public static MoneyEvent Created(MoneyDocument document, string eventId = "evt_1") =>
        new(eventId, EventType(document), T0, document.DocumentKind, document.Id, document, null);

    public static MoneyEvent Deleted(string paymentId = "pay_1", string eventId = "evt_del") =>
        new(eventId, MoneyEventType.PaymentDeleted, T0, MoneyDocumentKind.Payment, paymentId, null, null);

    public static MoneyEvent Applied(string creditId, string applicationId, string invoiceNumber = "INV-0002", decimal amount = 50m, string? eventId = null) =>
        new(eventId ?? "evt_" + applicationId, MoneyEventType.CustomerCreditApplied, T0, MoneyDocumentKind.CustomerCredit, creditId, null,
            new CreditApplication(applicationId, invoiceNumber, amount, new DateOnly(2026, 11, 21)));

    /// <summary>Given these events accepted in order (at T0, T0+1 s, …).</summary>
    public static MoneyState Given(MoneyPolicy policy, params MoneyEvent[] events)
    {
        MoneyState? state = null;
        for (var i = 0; i < events.Length; i++)
        {
            state = MoneyRules.Accept(state, Tenant, events[i], policy, At(i));
        }

        return state!;
    }

    public static MoneyState Given(params MoneyEvent[] events) => Given(Policy(), events);

    public static MoneyWork.Call Next(MoneyState state, DateTimeOffset now, string connectionId = Xero) =>
        Assert.IsType<MoneyWork.Call>(MoneyRules.NextWork(state, connectionId, now));

    public static MoneyState Then(MoneyState state, MoneyWork.Call call, MoneyStepResult result, DateTimeOffset now, string connectionId = Xero) =>
        MoneyRules.Complete(state, connectionId, call, result, Settings, now).State;

    public static LedgerMoneyPosting Posting(string id) => new(id, null, [$"Payment {id}"]);

    private static MoneyEventType EventType(MoneyDocument document) => document switch
    {
        PaymentDocument => MoneyEventType.PaymentCreated,
        RefundDocument => MoneyEventType.RefundCreated,
        OverpaymentDocument => MoneyEventType.OverpaymentCreated,
        PrepaidCreditDocument { Kind: CreditNoteKind.Receivable } => MoneyEventType.CustomerCreditCreated,
        _ => MoneyEventType.SupplierDepositCreated,
    };
}
