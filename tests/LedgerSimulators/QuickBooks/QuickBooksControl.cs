using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>Changes the simulated world: closing date, limits, consents, tokens, edits by "another app", reset (also under <c>/_sim/</c>).</summary>
public sealed class QuickBooksControl
{
    private readonly QuickBooksSimulator _simulator;

    internal QuickBooksControl(QuickBooksSimulator simulator) => _simulator = simulator;

    public QuickBooksRateLimits Limits
    {
        get => _simulator.Limiter.Limits;
        set
        {
            value.Validate();
            _simulator.Limiter.Limits = value;
        }
    }

    public TimeSpan RequestIdRetention
    {
        get => _simulator.RequestIds.Retention;
        set => _simulator.RequestIds.Retention = value;
    }

    /// <summary>Sets (or clears) Preferences.AccountingInfoPrefs.BookCloseDate (Q8).</summary>
    public void SetBookCloseDate(string realmId, DateOnly? date)
    {
        lock (_simulator.State.Gate)
        {
            var company = Company(realmId);
            company.BookCloseDate = date;
            company.PreferencesUpdated = _simulator.Options.TimeProvider.GetUtcNow();
        }
    }

    /// <summary>
    /// Another app (or a user) edits the entity: its SyncToken moves on, so a client holding the old one gets 5010 (Q7).
    /// Returns the new SyncToken.
    /// </summary>
    public string Touch(string realmId, string entity, string id, string? privateNote = null)
    {
        lock (_simulator.State.Gate)
        {
            var company = Company(realmId);
            var name = QuickBooksSchema.EntityNames.TryGetValue(entity, out var pascal) ? pascal : entity;
            var existing = company.Find(name, id) ?? throw new InvalidOperationException($"No {name} {id}.");
            var edit = new JsonObject { ["Id"] = id, ["SyncToken"] = existing["SyncToken"]!.DeepClone(), ["sparse"] = true, ["PrivateNote"] = privateNote ?? "Edited in QuickBooks" };
            var outcome = new QuickBooksBooks(company, _simulator.Options.TimeProvider.GetUtcNow()).Update(name, edit);
            return outcome.Fault is { } fault ? throw new InvalidOperationException(fault.ToJsonString()) : QuickBooksWire.Text(outcome.Entity!["SyncToken"])!;
        }
    }

    public int RevokeConsent(string clientId) => _simulator.OAuth.RevokeConsent(clientId);

    public int ExpireRefreshTokens(string clientId) => _simulator.OAuth.ExpireRefreshTokens(clientId);

    public bool ExpireAccessToken(string accessToken) => _simulator.OAuth.ExpireAccessToken(accessToken);

    /// <summary>What the user does at the consent screen from now on: pick <paramref name="realmId"/> (default: the first company), or deny.</summary>
    public void SetConsentChoice(string clientId, string? realmId, bool deny = false) => _simulator.OAuth.SetConsentChoice(clientId, realmId, deny);

    /// <summary>Clears every company's entities and closing date, the requestid cache, rate windows, counters and faults. Companies, clients and tokens stay.</summary>
    public void Reset()
    {
        lock (_simulator.State.Gate)
        {
            foreach (var company in _simulator.State.Companies)
            {
                company.Clear();
            }
        }

        _simulator.RequestIds.Reset();
        _simulator.Limiter.Reset();
        _simulator.Counters.Reset();
        _simulator.Faults.Clear();
    }

    private QuickBooksCompany Company(string realmId) => _simulator.State.Company(realmId) ?? throw new InvalidOperationException($"Unknown company {realmId}.");
}
