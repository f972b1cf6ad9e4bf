using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroConsentTests
{
    private static readonly LedgerConnection Connection = new("t1-xero", LedgerKind.Xero, "3f6d3b4c-0000-4000-8000-000000000001");
    private static readonly Uri Redirect = new("https://credits.example/api/connections/callback");
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySecretStore _store = new();
    private string _tokenAnswer = """{"access_token":"access-consented","refresh_token":"refresh-consented","expires_in":1800,"token_type":"Bearer"}""";
    private HttpStatusCode _tokenStatus = HttpStatusCode.OK;
    private string _connectionsAnswer = """[{"id":"c1","tenantId":"3f6d3b4c-0000-4000-8000-000000000001","tenantType":"ORGANISATION","tenantName":"Cafe Luna Pty Ltd"}]""";

    [Fact]
    public void The_authorize_url_asks_Xero_for_a_code_for_the_apps_client_and_callback_with_offline_access_and_the_state()
    {
        var (consent, _, _) = Build();

        var url = consent.AuthorizeUrl("state-abc");
        var query = QueryHelpers.ParseQuery(url.Query);

        Assert.Equal("https://login.xero.com/identity/connect/authorize", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("client", query["client_id"]);
        Assert.Equal(Redirect.AbsoluteUri, query["redirect_uri"]);
        Assert.Equal("state-abc", query["state"]);
        Assert.Equal("offline_access accounting.transactions accounting.contacts accounting.settings.read", query["scope"]);
    }

    [Fact]
    public void Offline_access_is_asked_for_once_even_when_the_scopes_name_it()
    {
        Assert.Equal("accounting.transactions offline_access", XeroConsent.ConsentScopes(" accounting.transactions  offline_access "));
        Assert.Equal("offline_access accounting.contacts", XeroConsent.ConsentScopes("accounting.contacts"));
    }

    [Fact]
    public void Consent_is_unavailable_with_the_client_credentials_grant_or_without_a_redirect_uri()
    {
        var (clientCredentials, _, _) = Build(o => o.Grant = XeroGrant.ClientCredentials);
        var (noRedirect, _, _) = Build(o => o.RedirectUri = null);
        var (ready, _, _) = Build();

        Assert.Contains("client-credentials", clientCredentials.ConsentUnavailableReason, StringComparison.Ordinal);
        Assert.Contains("Xero:RedirectUri", noRedirect.ConsentUnavailableReason, StringComparison.Ordinal);
        Assert.Null(ready.ConsentUnavailableReason);
        Assert.Throws<InvalidOperationException>(() => noRedirect.AuthorizeUrl("state"));
    }

    [Fact]
    public async Task A_consent_that_reaches_the_configured_organisation_stores_its_tokens_where_the_token_manager_reads_them()
    {
        var (consent, tokens, handler) = Build();

        var completed = await consent.CompleteAsync(Connection, "code-1", CancellationToken.None);
        var token = await Manager(new ScriptedHttpHandler(_ => throw new InvalidOperationException("no call expected"))).GetAccessTokenAsync(Connection, CancellationToken.None);

        Assert.Equal("Cafe Luna Pty Ltd", completed.Value);
        Assert.Equal("access-consented", token.Value);
        var exchange = handler.Requests.Single(r => r.Uri.AbsolutePath == "/connect/token");
        var form = QueryHelpers.ParseQuery(exchange.Body);
        Assert.Equal(("authorization_code", "code-1", Redirect.AbsoluteUri), (form["grant_type"].ToString(), form["code"].ToString(), form["redirect_uri"].ToString()));
        Assert.StartsWith("Basic ", exchange.Header("Authorization"), StringComparison.Ordinal);
        var listed = handler.Requests.Single(r => r.Uri.AbsolutePath == "/connections");
        Assert.Equal("Bearer access-consented", listed.Header("Authorization"));
        Assert.Equal("access-consented", (await tokens.GetAccessTokenAsync(Connection, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task A_consent_to_another_organisation_stores_nothing_and_says_which_one_was_expected()
    {
        _connectionsAnswer = """[{"id":"c1","tenantId":"99999999-0000-4000-8000-000000000009","tenantName":"Someone Else"}]""";
        var (consent, _, _) = Build();

        var completed = await consent.CompleteAsync(Connection, "code-1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Validation, completed.Failure!.Kind);
        Assert.Contains(Connection.LedgerTenantId, completed.Failure.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetAsync("xero-tokens-t1-xero", CancellationToken.None));
    }

    [Fact]
    public async Task A_code_Xero_refuses_is_AuthorisationLost_and_stores_nothing()
    {
        _tokenStatus = HttpStatusCode.BadRequest;
        _tokenAnswer = """{"error":"invalid_grant"}""";
        var (consent, _, handler) = Build();

        var completed = await consent.CompleteAsync(Connection, "used-code", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, completed.Failure!.Kind);
        Assert.Contains("authorization code (invalid_grant)", completed.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.AbsolutePath == "/connections");
        Assert.Null(await _store.GetAsync("xero-tokens-t1-xero", CancellationToken.None));
    }

    [Fact]
    public async Task A_consent_without_offline_access_brings_no_refresh_token_and_stores_nothing()
    {
        _tokenAnswer = """{"access_token":"access-only","expires_in":1800,"token_type":"Bearer"}""";
        var (consent, _, _) = Build();

        var completed = await consent.CompleteAsync(Connection, "code-1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Validation, completed.Failure!.Kind);
        Assert.Contains("offline_access", completed.Failure.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetAsync("xero-tokens-t1-xero", CancellationToken.None));
    }

    private (XeroConsent Consent, XeroTokenManager Tokens, ScriptedHttpHandler Handler) Build(Action<XeroOptions>? configure = null)
    {
        var handler = new ScriptedHttpHandler(request => Task.FromResult(request.Uri.AbsolutePath switch
        {
            "/connect/token" => ScriptedHttpHandler.Json(_tokenStatus, _tokenAnswer),
            "/connections" => ScriptedHttpHandler.Json(HttpStatusCode.OK, _connectionsAnswer),
            _ => ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"Organisations":[{"Name":"Cafe Luna Pty Ltd"}]}"""),
        }));
        var options = Options(configure);
        var http = new HttpClient(handler);
        var tokens = Manager(handler, options);
        var client = new XeroClient(http, tokens, new XeroRateGate(options, _time), options, _time, NullLogger<XeroClient>.Instance);
        return (new XeroConsent(http, tokens, client, options, _time, NullLogger<XeroConsent>.Instance), tokens, handler);
    }

    private XeroTokenManager Manager(ScriptedHttpHandler handler, IOptions<XeroOptions>? options = null) =>
        new(new HttpClient(handler), _store, options ?? Options(null), _time, NullLogger<XeroTokenManager>.Instance);

    private static IOptions<XeroOptions> Options(Action<XeroOptions>? configure)
    {
        var options = new XeroOptions
        {
            ApiBaseUrl = new Uri("https://xero.test/api.xro/2.0/"),
            IdentityBaseUrl = new Uri("https://identity.test/"),
            ConnectionsUrl = new Uri("https://xero.test/connections"),
            ClientId = "client",
            ClientSecret = "secret",
            RedirectUri = Redirect,
        };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }
}
