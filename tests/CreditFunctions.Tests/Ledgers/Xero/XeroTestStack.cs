using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.Xero;

/// <summary>The adapter's real parts wired by hand over a scripted handler; identity answers are built in.</summary>
internal sealed class XeroTestStack
{
    public static readonly LedgerConnection Connection = new("demo-xero", LedgerKind.Xero, "tenant-1");

    private int _tokensIssued;

    private XeroTestStack(Func<RecordedRequest, Task<HttpResponseMessage>> api, Action<XeroOptions>? configure, ManualTimeProvider? time)
    {
        Time = time ?? new ManualTimeProvider();
        var options = new XeroOptions { ApiBaseUrl = new Uri("https://xero.test/api.xro/2.0/"), IdentityBaseUrl = new Uri("https://identity.test/"), ClientId = "client", ClientSecret = "secret" };
        configure?.Invoke(options);
        Options = Microsoft.Extensions.Options.Options.Create(options);
        Handler = new ScriptedHttpHandler(request => request.Uri.Host == "identity.test" ? Task.FromResult(IssueTokens()) : api(request));
        var http = new HttpClient(Handler);
        Gate = new XeroRateGate(Options, Time);
        Tokens = new XeroTokenManager(http, Store, Options, Time, NullLogger<XeroTokenManager>.Instance);
        Client = new XeroClient(http, Tokens, Gate, Options, Time, NullLogger<XeroClient>.Instance);
        Connector = new XeroCreditNotesConnector(Client, new XeroContactResolver(Client, Contacts), new XeroLockDates(Client, Options, Time), Gate, NullLogger<XeroCreditNotesConnector>.Instance, Options);
    }

    public static async Task<XeroTestStack> CreateAsync(Func<RecordedRequest, Task<HttpResponseMessage>> api, Action<XeroOptions>? configure = null, ManualTimeProvider? time = null)
    {
        var stack = new XeroTestStack(api, configure, time);
        await stack.Tokens.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken("refresh-0"), CancellationToken.None);
        return stack;
    }

    public static async Task<XeroTestStack> CreateAsync(Func<RecordedRequest, HttpResponseMessage> api, Action<XeroOptions>? configure = null, ManualTimeProvider? time = null) =>
        await CreateAsync(r => Task.FromResult(api(r)), configure, time);

    public ManualTimeProvider Time { get; }

    public IOptions<XeroOptions> Options { get; }

    public ScriptedHttpHandler Handler { get; }

    public InMemorySecretStore Store { get; } = new();

    public InMemoryContactMappingStore Contacts { get; } = new();

    public XeroRateGate Gate { get; }

    public XeroTokenManager Tokens { get; }

    public XeroClient Client { get; }

    public XeroCreditNotesConnector Connector { get; }

    public int TokensIssued => _tokensIssued;

    public IEnumerable<RecordedRequest> ApiRequests => Handler.Requests.Where(r => r.Uri.Host != "identity.test");

    private HttpResponseMessage IssueTokens()
    {
        var n = Interlocked.Increment(ref _tokensIssued);
        return ScriptedHttpHandler.Json(HttpStatusCode.OK, $$"""{"access_token":"access-{{n}}","refresh_token":"refresh-{{n}}","expires_in":1800,"token_type":"Bearer"}""");
    }
}
