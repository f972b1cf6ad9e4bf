using System.Net;
using System.Net.Http.Headers;
using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>Outages and throttling are waited out with backoff, and Retry-After is honoured (docs/workflow.md "Backoff").</summary>
public sealed class TransientFaultTests
{
    [Fact]
    public async Task Three_503s_from_Xero_are_retried_until_the_credit_note_is_synced()
    {
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05));
        app.Xero.Faults.FailNext(3, 503, "PUT", "CreditNotes");

        await app.SendAsync(TestEvents.CreditNote("cn_503"));

        var status = await app.WaitForStatusAsync("cn_503", s => TestApp.IsState(s, "synced"));
        Assert.Equal(0, app.Xero.Faults.Pending);
        Assert.Equal(4, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_503"));
        Assert.Equal(4, DuplicateDeliveryTests.PutCreditNotes(app));
    }

    [Fact]
    public async Task A_429_from_Xero_is_retried_no_sooner_than_its_Retry_After()
    {
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(
            a => a.UseJitter(0.05),
            clock,
            xero => xero.RateLimits = XeroRateLimits.Default with { PerTenantPerMinute = 2 });
        // Another app on the same organisation spends this minute's budget, so our first call meets a 429 it could
        // not have paced for (the adapter paces on the X-MinLimit-Remaining it has seen).
        await SpendMinuteBudgetAsync(app, 2);

        await app.SendAsync(TestEvents.CreditNote("cn_429"));

        var throttled = await app.WaitForStatusAsync("cn_429", s => s["ledgers"]![0]!["lastError"] is not null);
        Assert.True(app.Xero.Counters.Snapshot().Throttled >= 1);
        var nextAttemptAt = (DateTimeOffset)throttled["ledgers"]![0]!["nextAttemptAt"]!;
        // Backoff alone (jitter 0.05) would retry within a second; Xero's minute window asks for most of a minute.
        Assert.True(nextAttemptAt - clock.GetUtcNow() > TimeSpan.FromSeconds(30), $"next attempt at {nextAttemptAt:O}, now {clock.GetUtcNow():O}");
        Assert.Empty(app.Xero.Store.CreditNotesByNumber("CN-cn_429"));

        // Past Retry-After (the next window has room for the whole create) and the lease of the delayed retry
        // message, as the minute timer would find it.
        app.Xero.Control.Limits = XeroRateLimits.Default;
        clock.Jump(SyncDecider.StepLease + TimeSpan.FromMinutes(2));
        await app.Services.GetRequiredService<SyncSweeper>().SweepAsync(app.Durable, CancellationToken.None);

        await app.WaitForStatusAsync("cn_429", s => TestApp.IsState(s, "synced"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_429"));
    }

    [Fact]
    public async Task A_retry_that_falls_due_while_its_decision_is_being_saved_is_not_lost()
    {
        // Regression: after a failed write the runner skipped sending the retry message when the retry was already
        // due by the time it got to sending (a slow save), yet its loop only continued when the retry was due at the
        // decision's time: the step was neither sent nor run, and waited for the sweep (5 minutes). Here the alert
        // published between the save and the sending moves the clock past the retry, as a slow save would.
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(
            a => a.UseJitter(0.05),
            clock,
            xero => xero.RateLimits = XeroRateLimits.Default with { PerTenantPerDay = 1 });
        app.Alerts.OnPublish = alert =>
        {
            if (alert.Kind == AlertKind.DailyLimitReached)
            {
                app.Xero.Control.Limits = XeroRateLimits.Default;
                clock.Jump(TimeSpan.FromHours(25));
            }
        };

        await app.SendAsync(TestEvents.CreditNote("cn_due"));

        await app.WaitForStatusAsync("cn_due", s => TestApp.IsState(s, "synced"), TimeSpan.FromSeconds(20));
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.DailyLimitReached);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_due"));
    }

    private static async Task SpendMinuteBudgetAsync(TestApp app, int calls)
    {
        var token = app.Xero.Seed.Tokens(TestApp.ClientId, app.XeroTenantId).AccessToken;
        using var http = new HttpClient();
        for (var i = 0; i < calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Xero.AccountingAddress!, "Organisation"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("xero-tenant-id", app.XeroTenantId.ToString());
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
