using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>M1, M4, contract §9–§12: headers, 401/403 shapes, limits per API key across company files, OAuth.</summary>
public sealed class MyobAccessTests
{
    [Fact]
    public async Task Eight_calls_a_second_per_API_key_across_company_files_then_403_RateLimitError_per_second()
    {
        await using var myob = await MyobHarness.StartAsync(o => o.RateLimits = MyobRateLimits.Default);
        var second = myob.Simulator.Seed.CompanyFile("Second File");
        myob.AccessToken = myob.Simulator.Seed.Tokens(myob.ApiKey, myob.FileId, second).AccessToken;
        var other = myob.Simulator.Seed.Connection("Other Key's File");

        for (var i = 0; i < 8; i++)
        {
            using var ok = myob.Request(HttpMethod.Get, "Company/Preferences", fileId: i % 2 == 0 ? myob.FileId : second);
            Assert.Equal(HttpStatusCode.OK, (await myob.Http.SendAsync(ok)).StatusCode);
        }

        using var ninth = myob.Request(HttpMethod.Get, "Company/Preferences", fileId: second);
        var (throttled, body) = await MyobHarness.ReadAsync(await myob.Http.SendAsync(ninth));
        using var otherKey = myob.Request(HttpMethod.Get, "Company/Preferences", fileId: other.CompanyFileId, apiKey: other.ApiKey);
        otherKey.Headers.Authorization = new("Bearer", other.Tokens.AccessToken);
        var otherKeyStatus = (await myob.Http.SendAsync(otherKey)).StatusCode;
        myob.Time.Advance(TimeSpan.FromSeconds(1));
        var afterASecond = await myob.SendAsync(HttpMethod.Get, "Company/Preferences");

        Assert.Equal(HttpStatusCode.Forbidden, throttled.StatusCode);
        Assert.Equal("RateLimitError", MyobHarness.ErrorName(body));
        Assert.Equal("API key has exceeded the per-second rate limit", MyobHarness.ErrorMessage(body));
        Assert.Equal("Header: x-myobapi-key", (string?)body!["Errors"]![0]!["AdditionalDetails"]);
        Assert.Equal(HttpStatusCode.OK, otherKeyStatus);
        Assert.Equal(HttpStatusCode.OK, afterASecond.StatusCode);
        Assert.Equal(1, myob.Simulator.Counters.Snapshot().PerSecondRejections);
    }

    [Fact]
    public async Task The_daily_budget_gives_403_RateLimitError_told_apart_by_its_message()
    {
        await using var myob = await MyobHarness.StartAsync(o => o.RateLimits = new MyobRateLimits(8, 5));
        for (var i = 0; i < 3; i++) // the harness's two set-up calls count too
        {
            Assert.Equal(HttpStatusCode.OK, (await myob.SendAsync(HttpMethod.Get, "Company/Preferences")).StatusCode);
            myob.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var (spent, body) = await MyobHarness.ReadAsync(await myob.SendAsync(HttpMethod.Get, "Company/Preferences"));
        myob.Time.Advance(TimeSpan.FromDays(1));
        myob.AccessToken = myob.Simulator.Seed.Tokens(myob.ApiKey, myob.FileId).AccessToken;
        var tomorrow = await myob.SendAsync(HttpMethod.Get, "Company/Preferences");

        Assert.Equal(HttpStatusCode.Forbidden, spent.StatusCode);
        Assert.Equal("RateLimitError", MyobHarness.ErrorName(body));
        Assert.Equal("API key has exceeded the daily rate limit", MyobHarness.ErrorMessage(body));
        Assert.Equal(HttpStatusCode.OK, tomorrow.StatusCode);
        Assert.Equal(1, myob.Simulator.Counters.Snapshot().DailyRejections);
    }

    [Fact]
    public async Task A_missing_key_is_403_DeveloperInactive_a_bad_token_401_and_another_file_403()
    {
        await using var myob = await MyobHarness.StartAsync();
        var foreignFile = myob.Simulator.Seed.CompanyFile("Not Consented");

        using var noKey = myob.Request(HttpMethod.Get, "Company/Preferences");
        noKey.Headers.Remove("x-myobapi-key");
        var (missingKey, missingKeyBody) = await MyobHarness.ReadAsync(await myob.Http.SendAsync(noKey));
        using var badToken = myob.Request(HttpMethod.Get, "Company/Preferences");
        badToken.Headers.Authorization = new("Bearer", "not-a-token");
        var unauthorised = await myob.Http.SendAsync(badToken);
        using var elsewhere = myob.Request(HttpMethod.Get, "Company/Preferences", fileId: foreignFile);
        var forbidden = await myob.Http.SendAsync(elsewhere);

        Assert.Equal(HttpStatusCode.Forbidden, missingKey.StatusCode);
        Assert.Equal("DeveloperInactive", MyobHarness.ErrorName(missingKeyBody));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.True(unauthorised.Headers.Contains("x-myobapi-requestid"));
    }

    [Fact]
    public async Task Company_file_credentials_are_checked_from_x_myobapi_cftoken()
    {
        await using var myob = await MyobHarness.StartAsync();
        myob.Simulator.Seed.CompanyFileCredentials(myob.FileId, "Administrator:s3cret");

        var without = await myob.SendAsync(HttpMethod.Get, "Company/Preferences");
        using var with = myob.Request(HttpMethod.Get, "Company/Preferences");
        with.Headers.Add("x-myobapi-cftoken", Convert.ToBase64String(Encoding.UTF8.GetBytes("Administrator:s3cret")));
        var withCredentials = await myob.Http.SendAsync(with);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCredentials.StatusCode);
    }

    [Fact]
    public async Task Without_x_myobapi_version_v2_the_API_answers_with_v1_semantics_and_no_GUIDs()
    {
        await using var myob = await MyobHarness.StartAsync();
        var created = await myob.CreateSaleAsync("CN-V1", -100m);

        using var list = myob.Request(HttpMethod.Get, "Sale/Invoice/Service", version2: false);
        var (_, body) = await MyobHarness.ReadAsync(await myob.Http.SendAsync(list));
        using var byUid = myob.Request(HttpMethod.Get, $"Sale/Invoice/Service/{created["UID"]}", version2: false);
        var one = await myob.Http.SendAsync(byUid);

        Assert.Equal("CN-V1", (string?)body!["Items"]![0]!["Number"]);
        Assert.Null(body["Items"]![0]!["UID"]);
        Assert.Null(body["Items"]![0]!["Customer"]!["UID"]);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
    }

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token_and_the_old_one_is_refused()
    {
        await using var myob = await MyobHarness.StartAsync();
        var refresh = myob.Connection.Tokens.RefreshToken;

        var first = await TokenAsync(myob, ("client_id", myob.ApiKey), ("client_secret", myob.Connection.ApiSecret), ("refresh_token", refresh), ("grant_type", "refresh_token"));
        var again = await TokenAsync(myob, ("client_id", myob.ApiKey), ("client_secret", myob.Connection.ApiSecret), ("refresh_token", refresh), ("grant_type", "refresh_token"));
        var badRequest = await TokenAsync(myob, ("client_id", myob.ApiKey), ("client_secret", myob.Connection.ApiSecret), ("grant_type", "password"));
        myob.AccessToken = (string)first.Body!["access_token"]!;

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.NotEqual(refresh, (string?)first.Body["refresh_token"]);
        Assert.Equal(1200, (int)first.Body["expires_in"]!);
        Assert.Equal(HttpStatusCode.BadRequest, again.Response.StatusCode);
        Assert.Equal("invalid_grant", (string?)again.Body!["error"]);
        Assert.Equal("invalid_request", (string?)badRequest.Body!["error"]);
        Assert.Equal(HttpStatusCode.OK, (await myob.SendAsync(HttpMethod.Get, "Company/Preferences")).StatusCode);
        myob.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.Unauthorized, (await myob.SendAsync(HttpMethod.Get, "Company/Preferences")).StatusCode);
    }

    [Fact]
    public async Task Consent_redirects_back_with_code_state_and_with_prompt_consent_the_company_file_as_businessId()
    {
        await using var myob = await MyobHarness.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = myob.Simulator.BaseAddress };
        myob.Simulator.Control.SetConsentChoice(myob.ApiKey, new MyobConsentChoice(myob.FileId));
        const string Redirect = "http://127.0.0.1:7071/api/connections/callback";
        var url = $"oauth2/account/authorize?client_id={myob.ApiKey}&redirect_uri={Uri.EscapeDataString(Redirect)}&response_type=code&scope=sme-sales&state=abc&prompt=consent";

        var redirect = (await browser.GetAsync(url)).Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(redirect.Query);
        var exchanged = await TokenAsync(myob, ("client_id", myob.ApiKey), ("client_secret", myob.Connection.ApiSecret), ("redirect_uri", Redirect), ("scope", "sme-sales"), ("code", query["code"]!), ("grant_type", "authorization_code"));
        var replay = await TokenAsync(myob, ("client_id", myob.ApiKey), ("client_secret", myob.Connection.ApiSecret), ("redirect_uri", Redirect), ("scope", "sme-sales"), ("code", query["code"]!), ("grant_type", "authorization_code"));
        myob.Simulator.Control.SetConsentChoice(myob.ApiKey, new MyobConsentChoice(null, Deny: true));
        var denied = System.Web.HttpUtility.ParseQueryString((await browser.GetAsync(url)).Headers.Location!.Query);

        Assert.Equal("abc", query["state"]);
        Assert.Equal(myob.FileId.ToString(), query["businessId"]);
        Assert.Equal("Harness File", query["businessName"]);
        Assert.Equal(HttpStatusCode.OK, exchanged.Response.StatusCode);
        Assert.Equal("invalid_grant", (string?)replay.Body!["error"]);
        Assert.Equal("access_denied", denied["error"]);
        Assert.Equal("abc", denied["state"]);
    }

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> TokenAsync(MyobHarness myob, params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value)));
        return await MyobHarness.ReadAsync(await myob.Http.PostAsync("oauth2/v1/authorize", content));
    }
}
