using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// The first day a document may be dated in a Xero organisation: the later of PeriodLockDate and EndOfYearLockDate
/// plus one (ledger-apis.md X18). Read from GET /Organisation, cached per tenant for LockDateCacheDuration, so the
/// workflow can re-date a PeriodLocked document (the fyle approach) without a call per document.
/// </summary>
internal sealed class XeroLockDates(XeroClient client, IOptions<XeroOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, DateOnly? FirstOpenDay)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The first open day, or null when Xero has no lock date or cannot be read now. A cached value on or before
    /// <paramref name="lockedDate"/> (a date Xero just called locked) is stale: the lock moved, so read again.
    /// </summary>
    public async Task<DateOnly?> FirstOpenDayAsync(LedgerConnection connection, DateOnly lockedDate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(connection.LedgerTenantId, out var cached)
            && now - cached.FetchedAt < options.Value.LockDateCacheDuration
            && cached.FirstOpenDay > lockedDate)
        {
            return cached.FirstOpenDay;
        }

        var result = await client.GetOrganisationAsync(connection, cancellationToken);
        if (!result.Succeeded || result.Value!.Organisations.FirstOrDefault() is not { } organisation)
        {
            return null;
        }

        var locks = new[] { XeroJson.ParseDate(organisation.PeriodLockDate), XeroJson.ParseDate(organisation.EndOfYearLockDate) };
        var latest = locks.Max();
        var firstOpen = latest?.AddDays(1);
        _cache[connection.LedgerTenantId] = (now, firstOpen);
        return firstOpen;
    }
}
