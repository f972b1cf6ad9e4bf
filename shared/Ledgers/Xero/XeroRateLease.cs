namespace CreditFunctions.Ledgers.Xero;

/// <summary>Permission for one call to one tenant; dispose when the response (or failure) is in.</summary>
internal sealed class XeroRateLease(Action release) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
