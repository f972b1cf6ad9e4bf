using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Payments;
using CreditFunctions.TestSupport;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.XeroMoneyE2E;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The money flows of issue 14 end to end: signed events over HTTP into the real app (local Durable engine on Azurite),
/// the real Xero money adapter, and the Xero simulator's books. Tenant t1's only connection is Xero (t1-xero).
/// </summary>
public sealed class XeroMoneyFlowTests
{
    private static readonly DateOnly Day = MoneyEventSamples.Date;

    [Fact]
    public async Task A_payment_is_posted_once_and_status_shows_it_synced()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var payment = MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m);

        using var accepted = await app.SendMoneyAsync(payment);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");
        using var again = await app.SendMoneyAsync(payment);
        var after = await app.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/api/tenants/t1/payments/pay_1", (string?)body["statusUrl"]);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var ledgerPayment = Assert.Single(app.LivePayments());
        Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(100m, (decimal)ledgerPayment["Amount"]!);
        Assert.Equal(150m, app.AmountDue("INV-1"));
        Assert.Equal((string?)ledgerPayment["PaymentID"], (string?)Branch(synced)["ledgerId"]);
        Assert.Equal("xero", (string?)Branch(synced)["ledger"]);
        Assert.NotNull((DateTimeOffset?)Branch(synced)["syncedAt"]);
        Assert.Equal((string?)Branch(synced)["syncedAt"], (string?)Branch(after)["syncedAt"]);
        Assert.Equal(1, (int?)Branch(after)["attempts"]);
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_payment_waits_visibly_for_its_invoice_then_syncs()
    {
        await using var app = await StartAsync();

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-LATE", amount: 100m));
        var waiting = await app.WaitForStateAsync("payments", "pay_1", "waiting");
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
        app.Invoice("INV-LATE", 100m);
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal("waiting for invoice INV-LATE", (string?)Branch(waiting)["reason"]);
        Assert.Null((string?)Branch(synced)["reason"]);
        Assert.Single(app.LivePayments());
        Assert.Equal(0m, app.AmountDue("INV-LATE"));
        Assert.Equal("PAID", (string?)app.InvoiceInXero("INV-LATE")["Status"]);
    }

    [Fact]
    public async Task Cin7_duplicate_payment_by_bank_reconciliation_is_dropped()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var reconciled = app.Xero.Seed.BankReconciliationPayment(app.XeroTenantId, "INV-1", 100m, Day);

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m));
        var status = await app.WaitForStateAsync("payments", "pay_1", "duplicate");

        Assert.Equal(reconciled.ToString(), (string?)Branch(status)["duplicateOf"]);
        var only = Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(reconciled.ToString(), (string?)only["PaymentID"]);
        Assert.Equal(150m, app.AmountDue("INV-1"));
    }

    [Fact]
    public async Task Cin7_payment_over_the_amount_due_is_refused_with_an_alert()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 100m);

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 120m));
        var refused = await app.WaitForStateAsync("payments", "pay_1", "refused");
        var (_, attention) = await app.GetAsync("/api/tenants/t1/attention");

        Assert.Equal("exceeds amount due 120.00 > 100.00 on INV-1", (string?)Branch(refused)["reason"]);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(100m, app.AmountDue("INV-1"));
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.PaymentRefused && a.DocumentId == "pay_1");
        var item = Assert.Single(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_1");
        Assert.Equal("refused", (string?)item!["state"]);
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_in_the_ledger()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m));
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");
        Assert.Equal(150m, app.AmountDue("INV-1"));

        await app.SendMoneyAsync(MoneyEventSamples.PaymentDeleted());
        var deleted = await app.WaitForStateAsync("payments", "pay_1", "deleted");

        Assert.True((bool?)deleted["deleted"]);
        var stored = Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal((string?)Branch(synced)["ledgerId"], (string?)stored["PaymentID"]);
        Assert.Equal("DELETED", (string?)stored["Status"]);
        Assert.Equal(250m, app.AmountDue("INV-1"));
        Assert.Equal("AUTHORISED", (string?)app.InvoiceInXero("INV-1")["Status"]);
    }

    [Fact]
    public async Task A_payment_event_with_a_missing_field_is_refused_with_a_problem_naming_it_and_nothing_is_stored()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var json = JsonNode.Parse(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")))!;
        Assert.True(json["data"]!["payment"]!.AsObject().Remove("invoiceNumber"));

        using var response = await app.SendRawAsync(Encoding.UTF8.GetBytes(json.ToJsonString()));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (status, _) = await app.GetAsync("/api/tenants/t1/payments/pay_1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(problem["errors"]!["data.payment.invoiceNumber"]);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
    }

    [Fact]
    public async Task An_unsigned_payment_event_is_refused_with_401_and_nothing_is_stored()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);

        using var response = await app.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")), secret: null);
        using var forged = await app.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")), secret: "not-the-secret");
        var (status, _) = await app.GetAsync("/api/tenants/t1/payments/pay_1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
    }
}
