namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Changes the simulated world: lock period, limits, consents, reset (also served under <c>/_sim/</c>).</summary>
public sealed class MyobControl
{
    private readonly MyobSimulator _simulator;

    internal MyobControl(MyobSimulator simulator) => _simulator = simulator;

    /// <summary>Sets (or clears, with null) Company/Preferences System.LockPeriodPriorTo (contract §7).</summary>
    public void SetLockPeriod(Guid companyFileId, DateOnly? lockPeriodPriorTo)
    {
        lock (_simulator.State.Gate)
        {
            var file = Require(companyFileId);
            file.LockPeriodPriorTo = lockPeriodPriorTo;
            file.PreferencesRowVersion = _simulator.State.NextRowVersion();
        }
    }

    /// <summary>Sets System.TransactionsCannotBeChangedMustBeReversed (contract §7): DELETE then fails with 25003.</summary>
    public void SetTransactionsMustBeReversed(Guid companyFileId, bool mustBeReversed)
    {
        lock (_simulator.State.Gate)
        {
            Require(companyFileId).TransactionsCannotBeChangedMustBeReversed = mustBeReversed;
        }
    }

    public MyobRateLimits Limits
    {
        get => _simulator.Limiter.Limits;
        set
        {
            value.Validate();
            _simulator.Limiter.Limits = value;
        }
    }

    /// <summary>The user revokes the key's consents: refresh gives invalid_grant, access tokens answer 401. Returns how many consents ended.</summary>
    public int RevokeConsent(string apiKey) => _simulator.OAuth.Revoke(apiKey);

    /// <summary>What the user picks at the consent screen (<c>/oauth2/account/authorize</c>) for this key from now on.</summary>
    public void SetConsentChoice(string apiKey, MyobConsentChoice choice) => _simulator.OAuth.SetConsentChoice(apiKey, choice);

    /// <summary>Clears every file's transactions and cards and lock periods, rate windows, counters and faults; files, keys and consents stay.</summary>
    public void Reset()
    {
        lock (_simulator.State.Gate)
        {
            foreach (var file in _simulator.State.Files.Values)
            {
                file.Documents.Clear();
                file.Settlements.Clear();
                file.Refunds.Clear();
                file.Payments.Clear();
                file.BankTransactions.Clear();
                file.Cards.Clear();
                file.LockPeriodPriorTo = null;
                file.TransactionsCannotBeChangedMustBeReversed = false;
            }
        }

        _simulator.Limiter.Reset();
        _simulator.Counters.Reset();
        _simulator.Faults.Clear();
    }

    private MyobCompanyFile Require(Guid id) => _simulator.State.File(id) ?? throw new InvalidOperationException($"Unknown company file {id}.");
}
