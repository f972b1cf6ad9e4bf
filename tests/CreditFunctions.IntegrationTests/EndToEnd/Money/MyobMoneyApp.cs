using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The real app with tenant t1's ONLY connection the MYOB company file (t1-myob moved to index 0; the Xero simulator
/// still runs but no connection points at it), the demo file's money accounts, and short money-workflow retries so a
/// payment waiting for its invoice re-checks within a second (no test sleeps). Events go in signed over HTTP; the
/// status is polled over HTTP; the books are read from the simulator.
/// </summary>
internal static class MyobMoneyApp
{
    public static async Task<TestApp> StartAsync(Action<TestApp>? configure = null, TimeProvider? time = null) =>
        await TestApp.StartAsync(
            app =>
            {
                foreach (var field in new[] { "Id", "Ledger", "LedgerTenantId" })
                {
                    app.Settings[$"Tenants:t1:Connections:0:{field}"] = app.Settings[$"Tenants:t1:Connections:1:{field}"];
                    app.Settings.Remove($"Tenants:t1:Connections:1:{field}");
                }

                app.Settings["Myob:PaymentAccount"] = MyobDemo.BankAccount;
                app.Settings["Myob:OverpaymentAccount"] = MyobDemo.OverpaymentsAccount;
                app.Settings["Myob:CustomerCreditAccount"] = MyobDemo.CustomerDepositsAccount;
                app.Settings["Myob:SupplierDepositAccount"] = MyobDemo.SupplierDepositsAccount;
                app.Settings["Payments:Durable:RetryBase"] = "00:00:00.100";
                app.Settings["Payments:Durable:RetryCap"] = "00:00:00.500";
                app.Settings["Payments:Durable:ActivityRetryInterval"] = "00:00:00.100";
                configure?.Invoke(app);
            },
            time: time,
            withMyob: true);

    /// <summary>The MYOB branch of a money status (the only one: MYOB is the tenant's only connection).</summary>
    public static JsonNode Myob(JsonNode status) => Assert.Single(status["ledgers"]!.AsArray())!;

    public static decimal BalanceDue(this TestApp app, string number) =>
        (decimal)app.Myob!.Store.Invoice(app.MyobFileId, number)!["BalanceDueAmount"]!;
}
