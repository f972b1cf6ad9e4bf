using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Core;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers;
using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;
using CreditFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditFunctions.IntegrationTests.Payments;

/// <summary>
/// Pull mode through the app (docs/pull-mode.md): a test double of the ledger's money adapter stands in for the ledger's
/// changed payments, the outbox and cursor are in Azurite, and the tenant's payment webhook is a Kestrel receiver in the
/// test that verifies each signature. Runs are driven by calling the timer's work directly (timers off), time by an
/// clock that moves only when the test says: no test waits for a timer.
/// </summary>
public sealed class PullModeTests
{
    private const string Secret = "t1-payment-webhook-secret";
    private static readonly DateTimeOffset Made = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_payment_made_in_the_ledger_is_sent_once_signed_across_two_runs()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("pay-1", Made));

        await pull.RunAsync();
        await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        var received = Assert.Single(pull.Receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.True(received.Accepted);
        Assert.Equal(LedgerPaymentEvent.EventId(TestApp.ConnectionId, "pay-1", PulledPaymentChange.Created), received.Id);
        Assert.Equal("ledger_payment.created", received.Type);
        Assert.Equal("xero", received.Payment.GetProperty("ledger").GetString());
        Assert.Equal(TestApp.ConnectionId, received.Payment.GetProperty("connectionId").GetString());
        Assert.Equal("pay-1", received.Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal("INV-0042", received.Payment.GetProperty("invoiceNumber").GetString());
        Assert.Equal(150.25m, received.Payment.GetProperty("amount").GetDecimal());
        Assert.Equal([null, Made], pull.Ledger.Pulls);
    }

    [Fact]
    public async Task A_crash_between_outbox_and_cursor_pulls_the_same_changes_again_and_sends_none_twice()
    {
        var fault = new CursorWriteFault { Failing = true };
        await using var pull = await PullHarness.StartAsync(app => app.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton(
            StorageClients.FromConnectionString(SharedAzurite.ConnectionString, o => o.AddPolicy(fault, HttpPipelinePosition.PerCall))))));
        pull.Ledger.Change(Payment("pay-1", Made));
        pull.Ledger.Change(Payment("pay-2", Made.AddMinutes(1)));

        var crashed = await pull.RunAsync();
        fault.Failing = false;
        var again = await pull.RunAsync(after: TimeSpan.FromMinutes(1));
        var moved = await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.True(fault.Failed > 0);
        Assert.Equal(new PullSummary(1, 0, 2, 1), crashed.Pull);
        Assert.Equal(new PullSummary(1, 1, 0, 0), again.Pull);
        Assert.Equal(new PullSummary(1, 1, 0, 0), moved.Pull);
        Assert.Equal([null, null, Made.AddMinutes(1)], pull.Ledger.Pulls);
        Assert.Equal(["pay-1", "pay-2"], pull.Receiver.Accepted.Select(r => r.Payment.GetProperty("ledgerPaymentId").GetString()).Order());
        Assert.Equal(2, pull.Receiver.Received.Count);
    }

    [Fact]
    public async Task A_payment_deleted_in_the_ledger_is_sent_as_a_deletion_after_its_creation()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("pay-1", Made));
        await pull.RunAsync();

        pull.Ledger.Change(Payment("pay-1", Made.AddMinutes(5)) with { Deleted = true });
        await pull.RunAsync(after: TimeSpan.FromMinutes(1));
        await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.Equal(["ledger_payment.created", "ledger_payment.deleted"], pull.Receiver.Accepted.Select(r => r.Type));
        Assert.Equal(LedgerPaymentEvent.EventId(TestApp.ConnectionId, "pay-1", PulledPaymentChange.Deleted), pull.Receiver.Accepted[1].Id);
        Assert.NotEqual(pull.Receiver.Accepted[0].Id, pull.Receiver.Accepted[1].Id);
        Assert.Equal("pay-1", pull.Receiver.Accepted[1].Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal(2, pull.Receiver.Received.Count);
    }

    [Fact]
    public async Task A_payment_this_service_made_is_not_sent_back()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("ours", Made) with { MadeByService = true });
        pull.Ledger.Change(Payment("bank-rec", Made.AddMinutes(1)));

        await pull.RunAsync();

        var received = Assert.Single(pull.Receiver.Received);
        Assert.Equal("bank-rec", received.Payment.GetProperty("ledgerPaymentId").GetString());
    }

    [Fact]
    public async Task A_push_only_tenant_is_not_pulled()
    {
        await using var pull = await PullHarness.StartAsync(app => app.Settings["Tenants:t1:PaymentMode"] = "Push");
        pull.Ledger.Change(Payment("pay-1", Made));

        var run = await pull.RunAsync();

        Assert.Equal(new PullSummary(0, 0, 0, 0), run.Pull);
        Assert.Empty(pull.Ledger.Pulls);
        Assert.Empty(pull.Receiver.Received);
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_event_once_when_it_is_up_again_with_the_same_id()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Receiver.Down = true;
        pull.Ledger.Change(Payment("pay-1", Made));

        var down = await pull.RunAsync();
        var pending = Assert.Single(await pull.ListAsync());
        pull.Receiver.Down = false;
        var up = await pull.RunAsync(after: TimeSpan.FromMinutes(1));
        var after = await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.Equal(new DeliverySummary(0, 1), down.Delivery);
        Assert.Equal("pending", (string?)pending["delivery"]!["state"]);
        Assert.Equal(1, (int?)pending["delivery"]!["attempts"]);
        Assert.Equal("HttpRequestException", (string?)pending["delivery"]!["lastError"]);
        Assert.Equal(new DeliverySummary(1, 0), up.Delivery);
        Assert.Equal(new DeliverySummary(0, 0), after.Delivery);
        Assert.Equal(2, pull.Receiver.Received.Count);
        Assert.Equal(pull.Receiver.Received[0].Id, Assert.Single(pull.Receiver.Accepted).Id);
        var delivered = Assert.Single(await pull.ListAsync());
        Assert.Equal("delivered", (string?)delivered["delivery"]!["state"]);
        Assert.Equal(2, (int?)delivered["delivery"]!["attempts"]);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_tried_once_per_run_not_once_per_event()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Receiver.Down = true;
        pull.Ledger.Change(Payment("pay-1", Made));
        pull.Ledger.Change(Payment("pay-2", Made.AddMinutes(1)));
        pull.Ledger.Change(Payment("pay-3", Made.AddMinutes(2)));

        var down = await pull.RunAsync();
        pull.Receiver.Down = false;
        var up = await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.Equal(new DeliverySummary(0, 1), down.Delivery);
        Assert.Equal(new DeliverySummary(3, 0), up.Delivery);
        Assert.Equal(4, pull.Receiver.Received.Count);
        Assert.Equal(3, pull.Receiver.Accepted.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_receiver_refusing_one_event_still_gets_the_others()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Receiver.Answer = HttpStatusCode.UnprocessableEntity;
        pull.Ledger.Change(Payment("pay-1", Made));
        pull.Ledger.Change(Payment("pay-2", Made.AddMinutes(1)));

        var refused = await pull.RunAsync();

        Assert.Equal(new DeliverySummary(0, 2), refused.Delivery);
        Assert.Equal(["pay-1", "pay-2"], pull.Receiver.Received.Select(r => r.Payment.GetProperty("ledgerPaymentId").GetString()).Order());
        Assert.All(await pull.ListAsync(), item => Assert.Equal("HTTP 422", (string?)item["delivery"]!["lastError"]));
    }

    [Fact]
    public async Task A_receiver_answering_an_error_is_tried_again_only_after_its_backoff()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Receiver.Answer = HttpStatusCode.ServiceUnavailable;
        pull.Ledger.Change(Payment("pay-1", Made));

        await pull.RunAsync();
        var tooSoon = await pull.RunAsync();
        pull.Receiver.Answer = HttpStatusCode.NoContent;
        var due = await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.Equal(new DeliverySummary(0, 0), tooSoon.Delivery);
        Assert.Equal(new DeliverySummary(1, 0), due.Delivery);
        Assert.Equal(2, pull.Receiver.Received.Count);
        Assert.Single(pull.Receiver.Accepted);
    }

    [Fact]
    public async Task A_tenant_without_a_payment_webhook_has_its_pulled_payments_listed_and_not_sent()
    {
        await using var pull = await PullHarness.StartAsync(webhook: false);
        pull.Ledger.Change(Payment("pay-1", Made));

        var run = await pull.RunAsync();

        var item = Assert.Single(await pull.ListAsync());
        Assert.Equal(1, run.Pull.Recorded);
        Assert.Equal("not_sent", (string?)item["delivery"]!["state"]);
        Assert.Equal("ledger_payment.created", (string?)item["type"]);
        Assert.Equal("pay-1", (string?)item["payment"]!["ledgerPaymentId"]);
        Assert.Empty(pull.Receiver.Received);
    }

    [Fact]
    public async Task A_lost_authorisation_stops_the_pull_keeps_the_cursor_and_alerts_once()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("pay-1", Made));
        pull.Ledger.FailNextPull(new LedgerFailure(LedgerFailureKind.AuthorisationLost, "invalid_grant"));
        pull.Ledger.FailNextPull(new LedgerFailure(LedgerFailureKind.AuthorisationLost, "invalid_grant"));
        pull.Ledger.FailNextPull(new LedgerFailure(LedgerFailureKind.Throttled, "Rate limit exceeded", TimeSpan.FromSeconds(30)));

        var lost = await pull.RunAsync();
        await pull.RunAsync(after: TimeSpan.FromMinutes(1));
        var throttled = await pull.RunAsync(after: TimeSpan.FromMinutes(1));
        var back = await pull.RunAsync(after: TimeSpan.FromMinutes(1));

        Assert.Equal(new PullSummary(1, 0, 0, 1), lost.Pull);
        Assert.Equal(new PullSummary(1, 0, 0, 1), throttled.Pull);
        Assert.Equal(new PullSummary(1, 1, 1, 0), back.Pull);
        Assert.Equal([null, null, null, null], pull.Ledger.Pulls);
        var alert = Assert.Single(pull.App.Alerts.All, a => a.Kind == AlertKind.ConnectionLost);
        Assert.Equal(TestApp.ConnectionId, alert.ConnectionId);
        Assert.Single(pull.Receiver.Accepted);
    }

    [Fact]
    public async Task The_pulled_payments_list_needs_the_tenants_key_and_pages()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("pay-1", Made));
        pull.Ledger.Change(Payment("pay-2", Made.AddMinutes(1)));
        await pull.RunAsync();

        using var anonymous = await pull.App.Http.GetAsync($"/api/tenants/{TestApp.TenantId}/pulled-payments");
        var first = await pull.GetAsync("?pageSize=1");
        var second = await pull.GetAsync("?pageSize=1&cursor=" + (string?)first["nextCursor"]);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("pay-1", (string?)first["items"]![0]!["payment"]!["ledgerPaymentId"]);
        Assert.Equal("pay-2", (string?)second["items"]![0]!["payment"]!["ledgerPaymentId"]);
        Assert.Equal("delivered", (string?)second["items"]![0]!["delivery"]!["state"]);
    }

    [Fact]
    public async Task The_local_hosts_timer_handler_runs_the_pull()
    {
        await using var pull = await PullHarness.StartAsync();
        pull.Ledger.Change(Payment("pay-1", Made));
        var handler = pull.App.Services.GetRequiredKeyedService<ITimerFunctionHandler>("PullLedgerPayments");

        await handler.RunAsync(new TimerInvocation("PullLedgerPayments", false, null, null), CancellationToken.None);

        Assert.Equal("pay-1", Assert.Single(pull.Receiver.Accepted).Payment.GetProperty("ledgerPaymentId").GetString());
    }

    private static PulledPayment Payment(string id, DateTimeOffset updatedAt) =>
        new(id, CreditNoteKind.Receivable, "INV-0042", 150.25m, new DateOnly(2026, 11, 20), "AUD", "Bank rec", Deleted: false, MadeByService: false, updatedAt);

    /// <summary>The app with the fake money adapter for Xero, timers off, and (unless <c>webhook: false</c>) t1's payment webhook at the receiver.</summary>
    private sealed class PullHarness : IAsyncDisposable
    {
        private PullHarness(TestApp app, FakeMoneyLedger ledger, PaymentWebhookReceiver receiver, SteppedClock clock)
        {
            App = app;
            Ledger = ledger;
            Receiver = receiver;
            Clock = clock;
        }

        public TestApp App { get; }

        public FakeMoneyLedger Ledger { get; }

        public PaymentWebhookReceiver Receiver { get; }

        public SteppedClock Clock { get; }

        public static async Task<PullHarness> StartAsync(Action<TestApp>? configure = null, bool webhook = true)
        {
            var clock = new SteppedClock(DateTimeOffset.UtcNow);
            var ledger = new FakeMoneyLedger(LedgerKind.Xero);
            var receiver = await PaymentWebhookReceiver.StartAsync(Secret, clock);
            try
            {
                var app = await TestApp.StartAsync(
                    app =>
                    {
                        app.Settings["FunctionsHosting:RunTimers"] = "false";
                        if (webhook)
                        {
                            app.Settings["Tenants:t1:PaymentWebhookUrl"] = receiver.Url.ToString();
                            app.Settings["Tenants:t1:PaymentWebhookSecret"] = Secret;
                        }

                        app.UseJitter(0.05);
                        app.ServiceOverrides.Add(services => services.RemoveAll<IMoneyLedger>().AddSingleton<IMoneyLedger>(ledger)); // the fake stands in for the real adapters
                        configure?.Invoke(app);
                    },
                    time: clock);
                return new PullHarness(app, ledger, receiver, clock);
            }
            catch
            {
                await receiver.DisposeAsync();
                throw;
            }
        }

        /// <summary>One run of the timer's work, after moving the clock on by <paramref name="after"/>.</summary>
        public Task<PaymentPullSummary> RunAsync(TimeSpan? after = null)
        {
            if (after is { } by)
            {
                Clock.Jump(by);
            }

            return App.Services.GetRequiredService<PaymentPullRun>().RunAsync(CancellationToken.None);
        }

        public async Task<JsonObject> GetAsync(string query = "")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{TestApp.TenantId}/pulled-payments{query}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
            using var response = await App.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        public async Task<IReadOnlyList<JsonNode>> ListAsync() => [.. (await GetAsync())["items"]!.AsArray().Select(i => i!)];

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
