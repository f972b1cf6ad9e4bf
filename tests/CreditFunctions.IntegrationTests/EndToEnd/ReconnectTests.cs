using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// A lost connection parks its documents with an alert; connecting again — by the user's consent through Xero, or
/// an operator's reconnect once the credentials work — resumes them, each synced exactly once (docs/connections.md).
/// </summary>
public sealed class ReconnectTests
{
    private const string OtherTenantKey = "t2-api-key";

    [Fact]
    public async Task A_connection_consented_through_Xero_syncs_what_waited_and_after_revocation_a_second_consent_resumes_the_parked_document_once()
    {
        await using var app = await StartWithConsentAsync();

        // Before any consent there is no token: the document parks, waiting for a connection.
        await app.SendAsync(TestEvents.CreditNote("cn_before"));
        await WaitParkedAsync(app, "cn_before");

        var first = await ConsentInBrowserAsync(app);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("Connection restored", first.Body, StringComparison.Ordinal);
        Assert.Contains("1 document that was waiting for it has resumed", first.Body, StringComparison.Ordinal);
        await app.WaitForStatusAsync("cn_before", s => TestApp.IsState(s, "synced"));

        // The user revokes the app in Xero: the next document parks with a ConnectionLost alert.
        app.Xero.Control.RevokeConsent(TestApp.ClientId);
        await app.SendAsync(TestEvents.CreditNote("cn_after"));
        var parked = await WaitParkedAsync(app, "cn_after");
        Assert.Contains("reconnect", (string?)parked["ledgers"]![0]!["lastError"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.ConnectionLost && a.DocumentId == "cn_after");

        var second = await ConsentInBrowserAsync(app);
        Assert.Contains("1 document that was waiting for it has resumed", second.Body, StringComparison.Ordinal);
        var synced = await app.WaitForStatusAsync("cn_after", s => TestApp.IsState(s, "synced"));

        Assert.Null(synced["ledgers"]![0]!["needsReconnecting"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_before"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_after"));
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_replayed_or_expired_consent_state_is_refused_and_changes_nothing()
    {
        var clock = new OffsetTimeProvider();
        await using var app = await StartWithConsentAsync(clock);
        await app.SendAsync(TestEvents.CreditNote("cn_state"));
        await WaitParkedAsync(app, "cn_state");

        // A link left open past its lifetime: Xero still sends the user back, but the state has expired.
        var stale = await XeroRedirectAsync(app, await StartConsentAsync(app));
        clock.Jump(TimeSpan.FromMinutes(11));
        using var expired = await CallbackAsync(app, stale);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await StoredTokensAsync(app));
        await WaitParkedAsync(app, "cn_state");

        var fresh = await XeroRedirectAsync(app, await StartConsentAsync(app));
        using var used = await CallbackAsync(app, fresh);
        var restored = JsonNode.Parse(await used.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(1, (int?)restored["resumed"]);
        await app.WaitForStatusAsync("cn_state", s => TestApp.IsState(s, "synced"));
        var tokens = await StoredTokensAsync(app);

        using var replayed = await CallbackAsync(app, fresh);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("already used", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(tokens, await StoredTokensAsync(app));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_state"));
    }

    [Fact]
    public async Task A_consent_to_another_organisation_or_a_declined_one_stores_nothing_and_the_document_stays_parked()
    {
        await using var app = await StartWithConsentAsync();
        var elsewhere = app.Xero.Seed.Tenant("Someone Else's Org");
        await app.SendAsync(TestEvents.CreditNote("cn_wrong_org"));
        await WaitParkedAsync(app, "cn_wrong_org");

        app.Xero.Control.SetConsentChoice(TestApp.ClientId, XeroConsentChoice.Allow(elsewhere));
        var wrongOrganisation = await ConsentInBrowserAsync(app);
        app.Xero.Control.SetConsentChoice(TestApp.ClientId, XeroConsentChoice.Declined);
        var declined = await ConsentInBrowserAsync(app);

        Assert.Equal(HttpStatusCode.Conflict, wrongOrganisation.Status);
        Assert.Contains(app.XeroTenantId.ToString(), wrongOrganisation.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, declined.Status);
        Assert.Contains("access_denied", declined.Body, StringComparison.Ordinal);
        Assert.Null(await StoredTokensAsync(app));
        await WaitParkedAsync(app, "cn_wrong_org");
        Assert.Empty(app.Xero.Store.CreditNotesByNumber("CN-cn_wrong_org"));
    }

    [Fact]
    public async Task A_client_credentials_connection_reconnects_only_once_its_credentials_work_and_a_second_reconnect_resumes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        // The Xero app's secret was rotated and the deployment still has the old one: every token request is refused.
        app.Xero.Seed.Client(TestApp.ClientId, "rotated-secret", app.XeroTenantId);
        await app.SendAsync(TestEvents.CreditNote("cn_cc"));
        await WaitParkedAsync(app, "cn_cc");

        using var stillBroken = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/reconnect");
        var problem = JsonNode.Parse(await stillBroken.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.FailedDependency, stillBroken.StatusCode);
        Assert.Contains("invalid_client", (string?)problem["detail"], StringComparison.Ordinal);
        await WaitParkedAsync(app, "cn_cc");

        // The operator puts the right secret in place.
        app.Xero.Seed.Client(TestApp.ClientId, TestApp.ClientSecret, app.XeroTenantId);
        using var reconnected = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/reconnect");
        using var again = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/reconnect");

        Assert.Equal(HttpStatusCode.OK, reconnected.StatusCode);
        Assert.Equal(1, (int?)JsonNode.Parse(await reconnected.Content.ReadAsStringAsync())!["resumed"]);
        Assert.Equal(0, (int?)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["resumed"]);
        await app.WaitForStatusAsync("cn_cc", s => TestApp.IsState(s, "synced"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_cc"));
    }

    [Fact]
    public async Task Overlapping_restores_resume_each_parked_document_exactly_once()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Seed.Client(TestApp.ClientId, "rotated-secret", app.XeroTenantId);
        string[] ids = ["cn_r1", "cn_r2", "cn_r3", "cn_r4"];
        foreach (var id in ids)
        {
            await app.SendAsync(TestEvents.CreditNote(id));
        }

        foreach (var id in ids)
        {
            await WaitParkedAsync(app, id);
        }

        app.Xero.Seed.Client(TestApp.ClientId, TestApp.ClientSecret, app.XeroTenantId);
        var restorer = app.Services.GetRequiredService<ConnectionRestorer>();
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => restorer.RestoreAsync(TestApp.TenantId, TestApp.ConnectionId, app.Durable, CancellationToken.None))));

        Assert.Equal(ids.Length, runs.Sum(r => r.Resumed));
        foreach (var id in ids)
        {
            await app.WaitForStatusAsync(id, s => TestApp.IsState(s, "synced"));
            Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-" + id));
        }

        Assert.Equal(0, (await restorer.RestoreAsync(TestApp.TenantId, TestApp.ConnectionId, app.Durable, CancellationToken.None)).Resumed);
    }

    [Fact]
    public async Task Connecting_needs_the_tenants_key_and_another_tenants_key_or_an_unknown_connection_gets_404()
    {
        await using var app = await TestApp.StartAsync(a => a.AddSecondTenant(OtherTenantKey));

        using var anonymous = await app.Http.PostAsync("/api/tenants/t1/connections/t1-xero/reconnect", null);
        using var otherTenantReconnect = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/reconnect", OtherTenantKey);
        using var otherTenantConnect = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/connect", OtherTenantKey);
        using var unknownConnection = await PostAsync(app, "/api/tenants/t1/connections/nope/reconnect");
        using var clientCredentialsConsent = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/connect");
        using var noState = await app.Http.GetAsync("/api/connections/callback?code=abc");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenantReconnect.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenantConnect.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownConnection.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clientCredentialsConsent.StatusCode);
        Assert.Contains("client-credentials", await clientCredentialsConsent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noState.StatusCode);
        Assert.Equal("application/problem+json", noState.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The app with user-consented connections (refresh-token grant) and Xero's authorize endpoint on the simulator. The
    /// callback is the app's own: its port is known only once it listens, so the redirect URI is set then.
    /// </summary>
    private static async Task<TestApp> StartWithConsentAsync(TimeProvider? time = null)
    {
        var app = await TestApp.StartAsync(
            a =>
            {
                a.Settings["Xero:Grant"] = "RefreshToken";
                a.Settings["Xero:AuthorizeUrl"] = new Uri(a.Xero.BaseAddress!, "identity/connect/authorize").ToString();
                a.Settings["Xero:RedirectUri"] = "http://127.0.0.1/api/connections/callback";
            },
            time);
        app.Services.GetRequiredService<IOptions<XeroOptions>>().Value.RedirectUri = new Uri(app.Http.BaseAddress!, "api/connections/callback");
        return app;
    }

    private static async Task<JsonObject> WaitParkedAsync(TestApp app, string creditNoteId) =>
        await app.WaitForStatusAsync(creditNoteId, s => TestApp.IsState(s, "failed") && (bool?)s["ledgers"]![0]!["needsReconnecting"] == true);

    private static async Task<Uri> StartConsentAsync(TestApp app)
    {
        using var response = await PostAsync(app, "/api/tenants/t1/connections/t1-xero/connect");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((DateTimeOffset)body["expiresAt"]! > app.Time.GetUtcNow());
        return new Uri((string)body["authorizeUrl"]!);
    }

    /// <summary>The whole dance as a browser does it: connect, open the authorize link, follow Xero's redirect to the app.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> ConsentInBrowserAsync(TestApp app)
    {
        var authorize = await StartConsentAsync(app);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true });
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await browser.GetAsync(authorize);
        Assert.Equal(app.Http.BaseAddress!.Authority, page.RequestMessage!.RequestUri!.Authority);
        return (page.StatusCode, await page.Content.ReadAsStringAsync());
    }

    /// <summary>Where Xero sends the browser back (the callback URL with code and state), without following it.</summary>
    private static async Task<Uri> XeroRedirectAsync(TestApp app, Uri authorize)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal(app.Http.BaseAddress!.Authority, redirect.Headers.Location!.Authority);
        return redirect.Headers.Location;
    }

    private static async Task<HttpResponseMessage> CallbackAsync(TestApp app, Uri callback) =>
        await app.Http.GetAsync(callback.PathAndQuery);

    private static async Task<string?> StoredTokensAsync(TestApp app) =>
        (await app.Services.GetRequiredService<ISecretStore>().GetAsync("xero-tokens-" + TestApp.ConnectionId, CancellationToken.None))?.Value;

    private static async Task<HttpResponseMessage> PostAsync(TestApp app, string path, string apiKey = TestApp.ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await app.Http.SendAsync(request);
    }
}
