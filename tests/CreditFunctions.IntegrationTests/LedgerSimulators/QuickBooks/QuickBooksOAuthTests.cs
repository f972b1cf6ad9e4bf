using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>Intuit OAuth 2.0 (contract §13, Q12): consent with realmId, code exchange, 1-hour access tokens, refresh tokens that change.</summary>
public sealed class QuickBooksOAuthTests
{
    [Fact]
    public async Task Refreshing_returns_a_new_refresh_token_and_the_superseded_one_stops_working()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var first = await TokenAsync(harness, ("grant_type", "refresh_token"), ("refresh_token", harness.Connection.Tokens.RefreshToken));
        var reused = await TokenAsync(harness, ("grant_type", "refresh_token"), ("refresh_token", harness.Connection.Tokens.RefreshToken));
        var next = await TokenAsync(harness, ("grant_type", "refresh_token"), ("refresh_token", (string)first.Body["refresh_token"]!));

        Assert.Equal((200, 3600), (first.Status, (int)first.Body["expires_in"]!));
        Assert.NotEqual(harness.Connection.Tokens.RefreshToken, (string?)first.Body["refresh_token"]);
        Assert.Equal((400, "invalid_grant"), (reused.Status, (string?)reused.Body["error"]));
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task A_refresh_token_that_never_changes_is_also_served()
    {
        await using var harness = await QuickBooksHarness.StartAsync(o => o.RefreshRotation = QuickBooksRefreshRotation.Never);

        var first = await TokenAsync(harness, ("grant_type", "refresh_token"), ("refresh_token", harness.Connection.Tokens.RefreshToken));

        Assert.Equal(harness.Connection.Tokens.RefreshToken, (string?)first.Body["refresh_token"]);
    }

    [Fact]
    public async Task An_access_token_lives_one_hour_then_the_API_answers_401_in_its_own_casing()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(59));
        var before = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var (status, body, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.Equal(200, before.Status);
        Assert.Equal((401, "3200", "AUTHENTICATION"), (status, (string?)body["fault"]!["error"]![0]!["code"], (string?)body["fault"]!["type"]));
    }

    [Fact]
    public async Task The_consent_screen_redirects_with_code_state_and_realmId_and_the_code_is_exchanged_once()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        const string Redirect = "http://127.0.0.1:7071/api/connections/callback";
        var url = $"connect/oauth2?client_id={harness.Connection.ClientId}&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s-1";

        using var response = await harness.Http.GetAsync(url);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        var exchanged = await TokenAsync(harness, ("grant_type", "authorization_code"), ("code", query["code"]!), ("redirect_uri", Redirect));
        var again = await TokenAsync(harness, ("grant_type", "authorization_code"), ("code", query["code"]!), ("redirect_uri", Redirect));

        Assert.Equal(302, (int)response.StatusCode);
        Assert.Equal(("s-1", harness.RealmId), (query["state"], query["realmId"]));
        Assert.Equal(200, exchanged.Status);
        Assert.NotNull(exchanged.Body["refresh_token"]);
        Assert.Null(exchanged.Body["x_refresh_token_hard_expires_in"]);
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task The_hard_expiry_comes_only_when_asked_for_and_a_wrong_client_secret_is_invalid_client()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var hard = await TokenAsync(harness, [("grant_type", "refresh_token"), ("refresh_token", harness.Connection.Tokens.RefreshToken)], includeHard: true);
        var wrong = await TokenAsync(harness, [("grant_type", "refresh_token"), ("refresh_token", "x")], secret: "nope");

        Assert.NotNull(hard.Body["x_refresh_token_hard_expires_in"]);
        Assert.Equal((401, "invalid_client"), (wrong.Status, (string?)wrong.Body["error"]));
    }

    [Fact]
    public async Task Revoked_consent_ends_refresh_and_access()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        harness.Simulator.Control.RevokeConsent(harness.Connection.ClientId);
        var refresh = await TokenAsync(harness, ("grant_type", "refresh_token"), ("refresh_token", harness.Connection.Tokens.RefreshToken));
        var call = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.Equal((400, 401), (refresh.Status, call.Status));
    }

    private static Task<(int Status, JsonObject Body)> TokenAsync(QuickBooksHarness harness, params (string, string)[] form) => TokenAsync(harness, form, false, null);

    private static async Task<(int Status, JsonObject Body)> TokenAsync(QuickBooksHarness harness, (string Key, string Value)[] form, bool includeHard = false, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/v1/tokens/bearer")
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{harness.Connection.ClientId}:{secret ?? harness.Connection.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (includeHard)
        {
            request.Headers.Add("x-include-refresh-token-hard-expires-in", "true");
        }

        using var response = await harness.Http.SendAsync(request);
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
