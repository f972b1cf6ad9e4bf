using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroTokenManagerTests
{
    private static readonly LedgerConnection Connection = new("demo-xero", LedgerKind.Xero, "tenant-1");
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySecretStore _store = new();
    private readonly RotatingIdentity _identity = new();

    [Fact]
    public async Task Sixteen_concurrent_callers_cause_one_refresh()
    {
        var tokens = Manager();
        await tokens.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => tokens.GetAccessTokenAsync(Connection, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal("access-1", r.Value));
        Assert.Equal(1, _identity.Refreshes);
    }

    [Fact]
    public async Task Tokens_are_refreshed_a_few_minutes_before_they_expire_and_the_rotated_refresh_token_is_stored()
    {
        var tokens = Manager();
        await tokens.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);
        await tokens.GetAccessTokenAsync(Connection, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(24));
        Assert.Equal("access-1", (await tokens.GetAccessTokenAsync(Connection, CancellationToken.None)).Value);
        _time.Advance(TimeSpan.FromMinutes(1.5)); // inside the 5-minute margin of the 30-minute token

        Assert.Equal("access-2", (await tokens.GetAccessTokenAsync(Connection, CancellationToken.None)).Value);
        Assert.Contains("refresh-2", (await _store.GetAsync("xero-tokens-demo-xero", CancellationToken.None))!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_finds_another_processes_refresh_claim_waits_for_its_tokens_instead_of_refreshing()
    {
        var refresher = Manager();
        var waiter = Manager(); // another process: same store, own cache
        await refresher.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);
        _identity.Hold = new TaskCompletionSource();

        var refreshing = refresher.GetAccessTokenAsync(Connection, CancellationToken.None);
        await _identity.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = waiter.GetAccessTokenAsync(Connection, CancellationToken.None);
        _identity.Hold.SetResult();
        Assert.Equal("access-1", (await refreshing.WaitAsync(TimeSpan.FromSeconds(10))).Value);
        var waited = await DriveAsync(waiting);

        Assert.Equal("access-1", waited.Value);
        Assert.Equal(1, _identity.Refreshes);
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_refresher_lapses_and_the_next_worker_refreshes()
    {
        var crashed = Manager();
        var next = Manager();
        await crashed.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);
        _identity.Hold = new TaskCompletionSource();
        using var crash = new CancellationTokenSource();
        var dying = crashed.GetAccessTokenAsync(Connection, crash.Token);
        await _identity.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);
        _identity.Hold = null;

        var result = await DriveAsync(next.GetAccessTokenAsync(Connection, CancellationToken.None));

        Assert.Equal("access-1", result.Value);
    }

    [Fact]
    public async Task Processes_taking_turns_through_several_expiries_each_use_the_rotation_the_other_stored()
    {
        var first = Manager();
        var second = Manager();
        await first.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);

        for (var round = 1; round <= 4; round++)
        {
            var a = await (round % 2 == 0 ? second : first).GetAccessTokenAsync(Connection, CancellationToken.None);
            var b = await (round % 2 == 0 ? first : second).GetAccessTokenAsync(Connection, CancellationToken.None);
            Assert.Equal(($"access-{round}", $"access-{round}"), (a.Value, b.Value));
            _time.Advance(TimeSpan.FromMinutes(31));
        }

        Assert.Equal(4, _identity.Refreshes);
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_AuthorisationLost_without_the_token_in_the_message()
    {
        var tokens = Manager();
        await tokens.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken("revoked-refresh-token"), CancellationToken.None);

        var result = await tokens.GetAccessTokenAsync(Connection, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, result.Failure!.Kind);
        Assert.Contains("invalid_grant", result.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-refresh-token", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_never_consented_is_AuthorisationLost()
    {
        var result = await Manager().GetAccessTokenAsync(Connection, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, result.Failure!.Kind);
        Assert.Equal(0, _identity.Refreshes);
    }

    [Fact]
    public async Task A_rejected_access_token_is_replaced_but_a_newer_one_is_reused()
    {
        var tokens = Manager();
        await tokens.SeedAsync(Connection.ConnectionId, XeroTokenSet.FromRefreshToken(_identity.Current), CancellationToken.None);
        var rejected = (await tokens.GetAccessTokenAsync(Connection, CancellationToken.None)).Value!;

        var renewed = await tokens.RenewAfterRejectionAsync(Connection, rejected, CancellationToken.None);
        var again = await tokens.RenewAfterRejectionAsync(Connection, rejected, CancellationToken.None);

        Assert.Equal("access-2", renewed.Value);
        Assert.Equal("access-2", again.Value);
        Assert.Equal(2, _identity.Refreshes);
    }

    [Fact]
    public async Task The_client_credentials_grant_needs_no_refresh_token()
    {
        var tokens = Manager(o => o.Grant = XeroGrant.ClientCredentials);

        var result = await tokens.GetAccessTokenAsync(Connection, CancellationToken.None);

        Assert.Equal("access-cc", result.Value);
        Assert.Contains("grant_type=client_credentials", _identity.LastForm, StringComparison.Ordinal);
    }

    // Moves the hand clock in small steps while a worker polls another's claim; the poll is the only timer in play.
    private async Task<T> DriveAsync<T>(Task<T> task)
    {
        for (var step = 0; !task.IsCompleted && step < 10_000; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Yield();
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private XeroTokenManager Manager(Action<XeroOptions>? configure = null)
    {
        var options = new XeroOptions { IdentityBaseUrl = new Uri("https://identity.test/"), ClientId = "client", ClientSecret = "secret" };
        configure?.Invoke(options);
        return new XeroTokenManager(new HttpClient(new ScriptedHttpHandler(_identity.AnswerAsync)), _store, Options.Create(options), _time, NullLogger<XeroTokenManager>.Instance);
    }

    /// <summary>Issues access-N/refresh-N; only the newest refresh token works (rotation, X21, without grace).</summary>
    private sealed class RotatingIdentity
    {
        private readonly Lock _gate = new();
        private int _issued;

        public string Current { get; private set; } = "refresh-0";

        public int Refreshes => _issued;

        public string LastForm { get; private set; } = "";

        /// <summary>When set, a refresh waits here after <see cref="Arrived"/> is signalled (a refresh in progress).</summary>
        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<HttpResponseMessage> AnswerAsync(RecordedRequest request)
        {
            if (Hold is { } hold)
            {
                Arrived.TrySetResult();
                await hold.Task;
            }

            return Answer(request);
        }

        private HttpResponseMessage Answer(RecordedRequest request)
        {
            lock (_gate)
            {
                LastForm = request.Body;
                if (request.Body.Contains("grant_type=client_credentials", StringComparison.Ordinal))
                {
                    return ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"access_token":"access-cc","expires_in":1800,"token_type":"Bearer"}""");
                }

                if (!request.Body.Contains($"refresh_token={Current}&", StringComparison.Ordinal) && !request.Body.EndsWith($"refresh_token={Current}", StringComparison.Ordinal))
                {
                    return ScriptedHttpHandler.Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
                }

                _issued++;
                Current = $"refresh-{_issued}";
                return ScriptedHttpHandler.Json(HttpStatusCode.OK, $$"""{"access_token":"access-{{_issued}}","refresh_token":"{{Current}}","expires_in":1800,"token_type":"Bearer"}""");
            }
        }
    }
}
