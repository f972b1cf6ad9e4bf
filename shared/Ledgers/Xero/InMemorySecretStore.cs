using System.Collections.Concurrent;
using System.Globalization;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>Secrets in this process's memory, compare-and-set on a counter version. Tests and single-process runs.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, SecretEntry> _entries = new(StringComparer.Ordinal);
    private long _version;

    public Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.GetValueOrDefault(name));

    public Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken)
    {
        var next = new SecretEntry(value, Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture));
        if (expectedVersion is null)
        {
            return Task.FromResult(_entries.TryAdd(name, next) ? next.Version : null);
        }

        return _entries.TryGetValue(name, out var current)
               && current.Version == expectedVersion
               && _entries.TryUpdate(name, next, current)
            ? Task.FromResult<string?>(next.Version)
            : Task.FromResult<string?>(null);
    }
}
