using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// The first day a transaction may be dated in a QBO company: Preferences.AccountingInfoPrefs.BookCloseDate plus one
/// day (ledger-apis.md Q8; fylein/fyle-qbo-api re-posts with TxnDate = BookCloseDate + 1). Read from GET /preferences
/// and cached per realm for BookCloseCacheDuration, so the tenant's Redate policy needs no call per document.
/// </summary>
internal sealed class QuickBooksBookClose(QuickBooksClient client, IOptions<QuickBooksOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, DateOnly? FirstOpenDay)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The first open day, or null when the books are not closed or Preferences cannot be read now. A cached value on or
    /// before <paramref name="lockedDate"/> (a date QBO just called closed) is stale: the closing date moved, read again.
    /// </summary>
    public async Task<DateOnly?> FirstOpenDayAsync(LedgerConnection connection, DateOnly lockedDate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(connection.LedgerTenantId, out var cached)
            && now - cached.FetchedAt < options.Value.BookCloseCacheDuration
            && cached.FirstOpenDay > lockedDate)
        {
            return cached.FirstOpenDay;
        }

        var result = await client.PreferencesAsync(connection, cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        var firstOpen = QuickBooksJson.ParseDate(result.Value!.Preferences?.AccountingInfoPrefs?.BookCloseDate)?.AddDays(1);
        _cache[connection.LedgerTenantId] = (now, firstOpen);
        return firstOpen;
    }

    /// <summary>Adds the first open day to a PeriodLocked failure, so the workflow can re-date (Redate policy) or hold.</summary>
    public async Task<LedgerFailure> WithFirstOpenDayAsync(LedgerConnection connection, DateOnly date, LedgerFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Kind != LedgerFailureKind.PeriodLocked)
        {
            return failure;
        }

        var firstOpen = await FirstOpenDayAsync(connection, date, cancellationToken);
        return firstOpen is null
            ? failure
            : failure with { FirstOpenDay = firstOpen, Message = $"{failure.Message} First open day: {QuickBooksJson.FormatDate(firstOpen.Value)}." };
    }
}
