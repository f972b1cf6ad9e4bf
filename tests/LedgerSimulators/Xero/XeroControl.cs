namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Changes the simulated world: lock dates, limits, consents, tokens, reset (also served under <c>/_sim/</c>).</summary>
public sealed class XeroControl
{
    private readonly XeroSimulator _simulator;

    internal XeroControl(XeroSimulator simulator) => _simulator = simulator;

    /// <summary>Sets (or clears, with null) the organisation's lock dates (X18).</summary>
    public void SetLockDates(Guid tenantId, DateOnly? periodLockDate, DateOnly? endOfYearLockDate)
    {
        lock (_simulator.State.Gate)
        {
            var book = _simulator.State.Book(tenantId) ?? throw new InvalidOperationException($"Unknown tenant {tenantId}.");
            book.PeriodLockDate = periodLockDate;
            book.EndOfYearLockDate = endOfYearLockDate;
        }
    }

    /// <summary>Archives (or, with <paramref name="archived"/> false, restores) an account: Xero then refuses it on documents and payments.</summary>
    public void ArchiveAccount(Guid tenantId, string code, bool archived = true)
    {
        lock (_simulator.State.Gate)
        {
            var book = _simulator.State.Book(tenantId) ?? throw new InvalidOperationException($"Unknown tenant {tenantId}.");
            var account = XeroChart.Find(book, code, null) ?? throw new InvalidOperationException($"No account {code} in the chart.");
            account.Status = archived ? "ARCHIVED" : "ACTIVE";
            account.UpdatedAt = _simulator.Options.TimeProvider.GetUtcNow();
        }
    }

    public XeroRateLimits Limits
    {
        get => _simulator.Limiter.Limits;
        set
        {
            value.Validate();
            _simulator.Limiter.Limits = value;
        }
    }

    public TimeSpan IdempotencyWindow
    {
        get => _simulator.Idempotency.Window;
        set => _simulator.Idempotency.Window = value;
    }

    /// <summary>The user revokes the app's consent: refresh gives invalid_grant, access tokens answer 401 (X21). Returns how many consents ended.</summary>
    public int RevokeConsent(string clientId) => _simulator.OAuth.RevokeConsent(clientId);

    /// <summary>Every refresh token of the client dies (as after 60 idle days, X21); access tokens live until they expire.</summary>
    public int ExpireRefreshTokens(string clientId) => _simulator.OAuth.ExpireRefreshTokens(clientId);

    /// <summary>What the user answers at the consent screen (<c>/identity/connect/authorize</c>) for this client from now on.</summary>
    public void SetConsentChoice(string clientId, XeroConsentChoice choice) => _simulator.OAuth.SetConsentChoice(clientId, choice);

    /// <summary>Ends one access token now.</summary>
    public bool ExpireAccessToken(string accessToken) => _simulator.OAuth.ExpireAccessToken(accessToken);

    /// <summary>
    /// Clears every organisation's documents, contacts and lock dates, the idempotency cache, the rate-limit
    /// windows, counters and faults. Organisations, clients and tokens stay; the demo contact is re-seeded.
    /// </summary>
    public void Reset()
    {
        lock (_simulator.State.Gate)
        {
            foreach (var book in _simulator.State.Books)
            {
                book.ClearDocuments();
            }
        }

        _simulator.Idempotency.Reset();
        _simulator.Limiter.Reset();
        _simulator.Counters.Reset();
        _simulator.Faults.Clear();
        if (_simulator.Options.SeedDemo)
        {
            _simulator.Seed.Demo();
        }
    }
}
