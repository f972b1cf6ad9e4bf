using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// What a company file's documents refer to, cached per company file for ReferenceCacheDuration: account UIDs by
/// DisplayID and tax-code UIDs by Code (contract §7), and the first day the lock period allows (Company/Preferences
/// LockPeriodPriorTo; the lock date itself is refused too, contract §10, so the first open day is the day after). An
/// expired entry is revalidated with If-None-Match: a 304 keeps it without sending the list again (M5).
/// </summary>
internal sealed class MyobReferences(MyobClient client, IOptions<MyobOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Cached<Dictionary<string, (string Uid, bool IsHeader)>>> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Cached<Dictionary<string, string>>> _taxCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Cached<DateOnly?>> _firstOpenDay = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _loading = new(StringComparer.OrdinalIgnoreCase);

    public async Task<LedgerResult<IReadOnlyDictionary<string, (string Uid, bool IsHeader)>>> AccountsAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var result = await LoadAsync(_accounts, connection, "GeneralLedger/Account?$top=1000", (MyobPage<MyobAccount> page) =>
            page.Items.Where(a => a.DisplayID is not null && a.UID is not null)
                .GroupBy(a => a.DisplayID!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (g.First().UID!, g.First().IsHeader), StringComparer.OrdinalIgnoreCase), cancellationToken);
        return result.Succeeded ? LedgerResult<IReadOnlyDictionary<string, (string, bool)>>.Ok(result.Value!) : result.Failure!;
    }

    public async Task<LedgerResult<IReadOnlyDictionary<string, string>>> TaxCodesAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var result = await LoadAsync(_taxCodes, connection, "GeneralLedger/TaxCode?$top=1000", (MyobPage<MyobTaxCode> page) =>
            page.Items.Where(t => t.Code is not null && t.UID is not null)
                .GroupBy(t => t.Code!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().UID!, StringComparer.OrdinalIgnoreCase), cancellationToken);
        return result.Succeeded ? LedgerResult<IReadOnlyDictionary<string, string>>.Ok(result.Value!) : result.Failure!;
    }

    /// <summary>
    /// The first open day, or null when the file has no lock period or it cannot be read now. A cached value on or before
    /// <paramref name="lockedDate"/> (a date MYOB just called locked) is stale: the lock moved, so read again.
    /// </summary>
    public async Task<DateOnly?> FirstOpenDayAsync(LedgerConnection connection, DateOnly lockedDate, CancellationToken cancellationToken)
    {
        if (_firstOpenDay.TryGetValue(connection.LedgerTenantId, out var cached) && Fresh(cached) && cached.Value > lockedDate)
        {
            return cached.Value;
        }

        var result = await client.GetAsync<MyobPreferences>(connection, "Company/Preferences", null, cancellationToken);
        if (!result.Succeeded || result.Value!.Value is not { } preferences)
        {
            return null;
        }

        var firstOpen = MyobJson.ParseDate(preferences.System?.LockPeriodPriorTo)?.AddDays(1);
        _firstOpenDay[connection.LedgerTenantId] = new Cached<DateOnly?>(firstOpen, null, time.GetUtcNow());
        return firstOpen;
    }

    private async Task<LedgerResult<T>> LoadAsync<TPage, T>(
        ConcurrentDictionary<string, Cached<T>> cache, LedgerConnection connection, string route, Func<TPage, T> read, CancellationToken cancellationToken)
        where TPage : class
    {
        if (cache.GetValueOrDefault(connection.LedgerTenantId) is { } fresh && Fresh(fresh))
        {
            return LedgerResult<T>.Ok(fresh.Value);
        }

        // One load per company file and list at a time: the notes arriving together wait for it instead of each paying a call.
        var loading = _loading.GetOrAdd(route + "\n" + connection.LedgerTenantId, _ => new SemaphoreSlim(1, 1));
        await loading.WaitAsync(cancellationToken);
        try
        {
            var cached = cache.GetValueOrDefault(connection.LedgerTenantId);
            if (cached is not null && Fresh(cached))
            {
                return LedgerResult<T>.Ok(cached.Value);
            }

            var reply = await client.GetAsync<TPage>(connection, route, cached?.ETag, cancellationToken);
            if (!reply.Succeeded)
            {
                return reply.Failure!;
            }

            var value = reply.Value!.NotModified && cached is not null ? cached.Value : read(reply.Value.Value!);
            cache[connection.LedgerTenantId] = new Cached<T>(value, reply.Value.ETag ?? cached?.ETag, time.GetUtcNow());
            return LedgerResult<T>.Ok(value);
        }
        finally
        {
            loading.Release();
        }
    }

    private bool Fresh<T>(Cached<T> cached) => time.GetUtcNow() - cached.FetchedAt < options.Value.ReferenceCacheDuration;

    private sealed record Cached<T>(T Value, string? ETag, DateTimeOffset FetchedAt);
}
