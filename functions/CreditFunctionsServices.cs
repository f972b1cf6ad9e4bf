using CreditFunctions.Alerts;
using CreditFunctions.Functions.Http;
using CreditFunctions.Functions.Sync;
using CreditFunctions.Functions.Triggers;
using CreditFunctions.Health;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Payments.Pull;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Functions.Payments;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.Functions;

/// <summary>
/// The app's capabilities, the same in the Functions app and the local host. Reads as a table of contents. Telemetry
/// export is each host's (Diagnostics/TelemetryRegistration.cs): the two export differently.
/// </summary>
public static class CreditFunctionsServices
{
    public static IServiceCollection AddCreditFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAlerts();
        services.AddSyncWorkflow(configuration);
        services.AddMoneyWorkflow(configuration);
        services.AddLedgerStores(configuration);
        services.AddXeroLedger(configuration);
        services.AddMyobLedger(configuration);
        services.AddQuickBooksLedger();
        services.AddPaymentPull(configuration);
        services.AddProblemDetails();
        services.AddSingleton<TenantApiKeys>();
        services.AddSingleton<ReadinessCheck>();
        return services.AddFunctionClasses();
    }

    /// <summary>
    /// The function classes, so a host other than the Functions worker (the local host) can resolve them; the worker
    /// activates them itself.
    /// </summary>
    private static IServiceCollection AddFunctionClasses(this IServiceCollection services) => services
        .AddTransient<ReceiveOrderEvent>()
        .AddTransient<StatusFunctions>()
        .AddTransient<ConnectionFunctions>()
        .AddTransient<GetApiContract>()
        .AddTransient<GetLiveness>()
        .AddTransient<GetReadiness>()
        .AddTransient<GetOperatorPage>()
        .AddTransient<ListCreditNotes>()
        .AddTransient<GetCreditNoteTimeline>()
        .AddTransient<GetSyncLatency>()
        .AddTransient<ListConnections>()
        .AddTransient<IngestOrderEvent>()
        .AddTransient<DeliverSyncSignal>()
        .AddTransient<RecordPoisonOrderEvent>()
        .AddTransient<SweepSyncs>()
        .AddTransient<PullLedgerPayments>()
        .AddTransient<ListPulledPayments>()
        .AddTransient<SyncFunctions>()
        .AddTransient<MoneyStatusFunctions>()
        .AddTransient<MoneyFunctions>();
}
