using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.AspNetCore.WebUtilities;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X21: 30-minute access tokens, rotating refresh tokens with a 30-minute grace, invalid_grant after revocation.</summary>
public sealed class XeroOAuthTests
{
    [Fact]
    public async Task An_authorization_code_is_exchanged_once_for_tokens_that_reach_the_consented_tenant()
    {
        await using var xero = await XeroHarness.StartAsync();
        var code = xero.Simulator.Seed.AuthorizationCode(xero.Connection.ClientId, [xero.TenantId], "https://app.example/callback");

        var first = await xero.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://app.example/callback"));
        var again = await xero.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://app.example/callback"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var tokens = await XeroHarness.JsonAsync(first);
        Assert.Equal(1800, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal("invalid_grant", (await XeroHarness.JsonAsync(again)).GetProperty("error").GetString());
        xero.AccessToken = tokens.GetProperty("access_token").GetString()!;
        var (organisation, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");
        Assert.Equal(HttpStatusCode.OK, organisation.StatusCode);
    }

    [Fact]
    public async Task Refresh_rotates_the_token_and_the_old_one_works_only_during_the_grace_period()
    {
        await using var xero = await XeroHarness.StartAsync();
        var original = xero.Connection.Tokens.RefreshToken!;

        var rotated = await XeroHarness.JsonAsync(await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", original)));
        var newRefresh = rotated.GetProperty("refresh_token").GetString();
        xero.Time.Advance(TimeSpan.FromMinutes(29));
        var withinGrace = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", original));
        xero.Time.Advance(TimeSpan.FromMinutes(1));
        var afterGrace = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", original));
        var newest = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", newRefresh!));

        Assert.NotEqual(original, newRefresh);
        Assert.Equal(HttpStatusCode.OK, withinGrace.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterGrace.StatusCode);
        Assert.Equal("invalid_grant", (await XeroHarness.JsonAsync(afterGrace)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
    }

    [Fact]
    public async Task An_access_token_answers_401_once_30_minutes_have_passed()
    {
        await using var xero = await XeroHarness.StartAsync();

        xero.Time.Advance(TimeSpan.FromMinutes(29));
        var (fresh, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");
        xero.Time.Advance(TimeSpan.FromMinutes(1));
        var (expired, body) = await xero.CallAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.StartsWith("TokenExpired", body.GetProperty("Detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_consent_gives_invalid_grant_on_refresh_and_401_on_calls()
    {
        await using var xero = await XeroHarness.StartAsync();

        Assert.Equal(1, xero.Simulator.Control.RevokeConsent(xero.Connection.ClientId));
        var refresh = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", xero.Connection.Tokens.RefreshToken!));
        var (call, _) = await xero.CallAsync(HttpMethod.Get, "CreditNotes");

        Assert.Equal("invalid_grant", (await XeroHarness.JsonAsync(refresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
    }

    [Fact]
    public async Task An_expired_refresh_token_gives_invalid_grant_while_the_access_token_lives_on()
    {
        await using var xero = await XeroHarness.StartAsync();

        var response = await xero.Http.PostAsync(new Uri($"_sim/clients/{xero.Connection.ClientId}/expire-refresh-tokens", UriKind.Relative), null);
        var refresh = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", xero.Connection.Tokens.RefreshToken!));
        var (call, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("invalid_grant", (await XeroHarness.JsonAsync(refresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_unused_for_60_days_is_dead()
    {
        await using var xero = await XeroHarness.StartAsync();

        xero.Time.Advance(TimeSpan.FromDays(60));
        var refresh = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", xero.Connection.Tokens.RefreshToken!));

        Assert.Equal("invalid_grant", (await XeroHarness.JsonAsync(refresh)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Wrong_client_credentials_are_refused_with_invalid_client()
    {
        await using var xero = await XeroHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "refresh_token"), KeyValuePair.Create("refresh_token", xero.Connection.Tokens.RefreshToken!),
                KeyValuePair.Create("client_id", xero.Connection.ClientId), KeyValuePair.Create("client_secret", "wrong")]),
        };

        var response = await xero.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await XeroHarness.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_custom_connection_gets_tokens_with_client_credentials_and_no_refresh_token()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Seed.Client("custom", "custom-secret", xero.TenantId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("client_id", "custom"), KeyValuePair.Create("client_secret", "custom-secret")]),
        };

        var tokens = await XeroHarness.JsonAsync(await xero.Http.SendAsync(request));
        xero.AccessToken = tokens.GetProperty("access_token").GetString()!;
        var (call, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");

        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
    }

    [Fact]
    public async Task Connections_list_the_tenants_and_a_deleted_connection_loses_access()
    {
        await using var xero = await XeroHarness.StartAsync();
        using var list = new HttpRequestMessage(HttpMethod.Get, "connections");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", xero.AccessToken);

        var connections = JsonDocument.Parse(await (await xero.Http.SendAsync(list)).Content.ReadAsStringAsync()).RootElement;
        var connection = Assert.Single(connections.EnumerateArray());
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "connections/" + connection.GetProperty("id").GetString());
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", xero.AccessToken);
        var deleted = await xero.Http.SendAsync(delete);
        var (call, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(xero.TenantId.ToString(), connection.GetProperty("tenantId").GetString());
        Assert.Equal("ORGANISATION", connection.GetProperty("tenantType").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_bearer_token_get_401_and_without_a_reachable_tenant_get_403()
    {
        await using var xero = await XeroHarness.StartAsync();
        var other = xero.Simulator.Seed.Tenant("Someone else");

        using var noToken = xero.Request(HttpMethod.Get, "Organisation");
        noToken.Headers.Authorization = null;
        using var noTenant = xero.Request(HttpMethod.Get, "Organisation");
        noTenant.Headers.Remove("xero-tenant-id");
        using var otherTenant = xero.Request(HttpMethod.Get, "Organisation", tenantId: other);

        Assert.Equal(HttpStatusCode.Unauthorized, (await xero.Http.SendAsync(noToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await xero.Http.SendAsync(otherTenant)).StatusCode);
        xero.Conformance.Dispose(); // the header-less call breaks the spec on purpose: stop checking before it
        Assert.Equal(HttpStatusCode.Forbidden, (await xero.Http.SendAsync(noTenant)).StatusCode);
    }

    [Fact]
    public async Task Observers_see_token_exchanges_without_secrets()
    {
        await using var xero = await XeroHarness.StartAsync();
        var observer = new RecordingObserver();
        using var subscription = xero.Simulator.Observe(observer);

        var response = await xero.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", xero.Connection.Tokens.RefreshToken!));
        var tokens = await XeroHarness.JsonAsync(response);

        var exchange = Assert.Single(observer.Exchanges);
        Assert.Equal("/connect/token", exchange.Path);
        Assert.False(exchange.RequestHeaders.ContainsKey("Authorization"));
        Assert.DoesNotContain(xero.Connection.Tokens.RefreshToken!, exchange.RequestBody, StringComparison.Ordinal);
        Assert.Contains("refresh_token=***", exchange.RequestBody, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.GetProperty("access_token").GetString()!, exchange.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.GetProperty("refresh_token").GetString()!, exchange.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(200, exchange.StatusCode);
    }

    [Fact]
    public async Task The_consent_screen_redirects_back_with_the_state_and_a_code_for_the_organisations_the_user_chose()
    {
        await using var xero = await XeroHarness.StartAsync();
        var other = xero.Simulator.Seed.Tenant("Other Org");
        xero.Simulator.Control.SetConsentChoice(xero.Connection.ClientId, XeroConsentChoice.Allow(other));

        using var redirect = await AuthorizeAsync(xero, "offline_access accounting.transactions");
        var location = redirect.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        var tokens = await XeroHarness.JsonAsync(await xero.TokenAsync(("grant_type", "authorization_code"), ("code", query["code"]!), ("redirect_uri", Callback)));
        xero.AccessToken = tokens.GetProperty("access_token").GetString()!;
        using var connections = await xero.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "connections") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", xero.AccessToken) } });
        var listed = await XeroHarness.JsonAsync(connections);

        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal(Callback, location.GetLeftPart(UriPartial.Path));
        Assert.Equal("s-123", query["state"]);
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal([other.ToString()], listed.EnumerateArray().Select(c => c.GetProperty("tenantId").GetString()));
    }

    [Fact]
    public async Task Without_offline_access_the_code_brings_no_refresh_token()
    {
        await using var xero = await XeroHarness.StartAsync();

        using var redirect = await AuthorizeAsync(xero, "accounting.transactions");
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"];
        var tokens = await XeroHarness.JsonAsync(await xero.TokenAsync(("grant_type", "authorization_code"), ("code", code!), ("redirect_uri", Callback)));

        Assert.True(tokens.TryGetProperty("access_token", out _));
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task A_declined_consent_redirects_with_access_denied_and_a_bad_client_gets_an_error_page_not_a_redirect()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.SetConsentChoice(xero.Connection.ClientId, XeroConsentChoice.Declined);

        using var declined = await AuthorizeAsync(xero, "offline_access accounting.transactions");
        using var unknownClient = await AuthorizeAsync(xero, "offline_access", clientId: "nobody");

        var query = QueryHelpers.ParseQuery(declined.Headers.Location!.Query);
        Assert.Equal(("access_denied", "s-123"), (query["error"].ToString(), query["state"].ToString()));
        Assert.False(query.ContainsKey("code"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Null(unknownClient.Headers.Location);
    }

    [Fact]
    public async Task Observers_never_see_the_authorize_redirects_code_or_state()
    {
        await using var xero = await XeroHarness.StartAsync();
        var observer = new RecordingObserver();
        using var subscription = xero.Simulator.Observe(observer);

        using var redirect = await AuthorizeAsync(xero, "offline_access accounting.transactions");

        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();
        var exchange = Assert.Single(observer.Exchanges);
        Assert.DoesNotContain(code, exchange.ResponseHeaders["Location"], StringComparison.Ordinal);
        Assert.DoesNotContain("s-123", exchange.QueryString, StringComparison.Ordinal);
        Assert.Contains("code=***", exchange.ResponseHeaders["Location"], StringComparison.Ordinal);
    }

    private const string Callback = "https://app.example/api/connections/callback";

    private static async Task<HttpResponseMessage> AuthorizeAsync(XeroHarness xero, string scope, string? clientId = null)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = xero.Simulator.BaseAddress };
        var url = "identity/connect/authorize?response_type=code"
            + "&client_id=" + Uri.EscapeDataString(clientId ?? xero.Connection.ClientId)
            + "&redirect_uri=" + Uri.EscapeDataString(Callback)
            + "&scope=" + Uri.EscapeDataString(scope)
            + "&state=s-123";
        return await browser.GetAsync(url);
    }

    private sealed class RecordingObserver : CreditFunctions.LedgerSimulators.Xero.IXeroTrafficObserver
    {
        public List<CreditFunctions.LedgerSimulators.Xero.XeroExchange> Exchanges { get; } = [];

        public void OnExchange(CreditFunctions.LedgerSimulators.Xero.XeroExchange exchange)
        {
            lock (Exchanges)
            {
                Exchanges.Add(exchange);
            }
        }
    }
}
