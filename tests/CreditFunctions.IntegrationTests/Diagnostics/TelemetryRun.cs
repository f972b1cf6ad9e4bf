using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.Diagnostics;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.LedgerSimulators.Myob;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>
/// One run across the three ledgers, the way operators and order systems use the app: for each of Xero, MYOB and
/// QuickBooks, connect by consent through the connection API and the simulated ledger's consent screen, then sync a
/// credit note to every connection of the tenant (Xero beside MYOB and QuickBooks, by client credentials) — plus a
/// webhook with a wrong signature and a status call with a wrong key. The first webhook carries a W3C traceparent, and
/// the app's spans are recorded, so the tests can follow its trace. Logs and secrets land in the suite-wide capture
/// (<see cref="LogCapture"/>, <see cref="UsedSecrets"/>).
/// </summary>
public sealed class TelemetryRun : IAsyncLifetime
{
    public const string TracedCreditNote = "cn_tel_x";
    public static readonly string[] CreditNotes = [TracedCreditNote, "cn_tel_m", "cn_tel_q"];

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TelemetryRun()
    {
        // The app's own source, and ASP.NET Core's, which then starts each request's span under its traceparent header.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is TelemetryNames.ActivitySource or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId WebhookTrace { get; } = ActivityTraceId.CreateRandom();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public async Task InitializeAsync()
    {
        await XeroAsync();
        await MyobAsync();
        await QuickBooksAsync();
    }

    public Task DisposeAsync()
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    private async Task XeroAsync()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.Settings["Xero:Grant"] = "RefreshToken";
            a.Settings["Xero:AuthorizeUrl"] = new Uri(a.Xero.BaseAddress!, "identity/connect/authorize").ToString();
            a.Settings["Xero:RedirectUri"] = "http://127.0.0.1/api/connections/callback";
        });
        app.Services.GetRequiredService<IOptions<XeroOptions>>().Value.RedirectUri = Callback(app);
        await ConsentAsync(app, TestApp.ConnectionId, follow: true);

        var body = OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote(TracedCreditNote));
        using var webhook = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{TestApp.TenantId}/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        webhook.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(TestApp.WebhookSecret, app.Time.GetUtcNow(), body));
        webhook.Headers.Add("traceparent", $"00-{WebhookTrace}-{ActivitySpanId.CreateRandom()}-01");
        using var accepted = await app.Http.SendAsync(webhook);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await app.WaitForStatusAsync(TracedCreditNote, s => TestApp.IsState(s, "synced"));

        using var forged = await app.SendRawAsync(body, secret: "not-the-tenants-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.StatusAsync(TracedCreditNote, apiKey: "not-the-tenants-key")).Status);
    }

    private static async Task MyobAsync()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Myob:RedirectUri"] = "http://127.0.0.1/api/connections/callback", withMyob: true);
        app.Services.GetRequiredService<IOptions<MyobOptions>>().Value.RedirectUri = Callback(app);
        app.Myob!.Control.SetConsentChoice(TestApp.MyobApiKey, new MyobConsentChoice(app.MyobFileId));
        await ConsentAsync(app, TestApp.MyobConnectionId, follow: false);
        await app.SendAsync(TestEvents.CreditNote("cn_tel_m"));
        await app.WaitForStatusAsync("cn_tel_m", s => TestApp.IsState(s, "synced"));
    }

    private static async Task QuickBooksAsync()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["QuickBooks:RedirectUri"] = "http://127.0.0.1/api/connections/callback", quickBooks: true);
        app.Services.GetRequiredService<IOptions<QuickBooksOptions>>().Value.RedirectUri = Callback(app);
        await ConsentAsync(app, TestApp.QuickBooksConnectionId, follow: false);
        await app.SendAsync(TestEvents.CreditNote("cn_tel_q"));
        await app.WaitForStatusAsync("cn_tel_q", s => TestApp.IsState(s, "synced"));
    }

    private static Uri Callback(TestApp app) => new(app.Http.BaseAddress!, "api/connections/callback");

    /// <summary>Connect, let the simulated user consent, and bring the ledger's redirect back to the app's callback.</summary>
    private static async Task ConsentAsync(TestApp app, string connectionId, bool follow)
    {
        using var connect = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{TestApp.TenantId}/connections/{connectionId}/connect");
        connect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var started = await app.Http.SendAsync(connect);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var authorize = new Uri((string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["authorizeUrl"]!);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = follow });
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var consented = await browser.GetAsync(authorize);
        using var callback = follow ? null : await app.Http.GetAsync(consented.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, callback?.StatusCode ?? consented.StatusCode);
    }
}
