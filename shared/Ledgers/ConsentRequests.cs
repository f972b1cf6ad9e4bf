using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Ledgers;

/// <summary>
/// The consents under way (table <c>{prefix}ConsentRequests</c>): each authorize link carries a random, single-use
/// <c>state</c> (RFC 6749 §10.12: it binds the callback to the request that started it), stored as its SHA-256 with the
/// tenant and connection it is for and when it expires. The callback takes it with a delete guarded by the row's
/// ETag, so of two callbacks with one state exactly one proceeds; a stale, unknown or spent state proceeds nowhere.
/// No signing key is needed: the row is the proof. The raw state is never stored or logged.
/// </summary>
public sealed class ConsentRequests(TableClient table)
{
    private const string Partition = "consent";

    /// <summary>Longer than any state this class issues (43 characters); anything longer is not ours and is not looked up.</summary>
    private const int MaxStateLength = 128;

    public TableClient Table { get; } = table;

    /// <summary>Stores a new consent request for the connection and returns its state (32 random bytes, base64url).</summary>
    public async Task<ConsentRequest> CreateAsync(string tenantId, string connectionId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        var request = new ConsentRequest(state, tenantId, connectionId, now + lifetime);
        var row = new TableEntity(Partition, RowKey(state))
        {
            ["TenantId"] = tenantId,
            ["ConnectionId"] = connectionId,
            ["CreatedAt"] = now,
            ["ExpiresAt"] = request.ExpiresAt,
        };
        var added = await Table.TryAddEntityAsync(row, cancellationToken);
        return added.Succeeded
            ? request
            : throw new InvalidOperationException("A fresh consent state collided with a stored one; 256 random bits should never do that.");
    }

    /// <summary>
    /// Consumes <paramref name="state"/>: <see cref="ConsentTakeOutcome.Taken"/> once, for the caller whose delete won;
    /// <see cref="ConsentTakeOutcome.Expired"/> past its expiry (removed all the same); otherwise
    /// <see cref="ConsentTakeOutcome.Unknown"/> (never issued, or already used).
    /// </summary>
    public async Task<ConsentTake> TakeAsync(string? state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > MaxStateLength)
        {
            return ConsentTake.Unknown;
        }

        var key = RowKey(state);
        var row = await Table.FindEntityAsync(Partition, key, cancellationToken: cancellationToken);
        if (row is null)
        {
            return ConsentTake.Unknown;
        }

        var deleted = await Table.TryDeleteEntityAsync(Partition, key, row.ETag, cancellationToken);
        if (!deleted.Succeeded)
        {
            return ConsentTake.Unknown; // another callback with the same state took it first
        }

        var request = new ConsentRequest(state, row.GetString("TenantId") ?? "", row.GetString("ConnectionId") ?? "", row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
        return now >= request.ExpiresAt ? new ConsentTake(ConsentTakeOutcome.Expired, request) : new ConsentTake(ConsentTakeOutcome.Taken, request);
    }

    /// <summary>Removes up to <paramref name="max"/> requests that expired unused (abandoned consents), so the table stays small.</summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ExpiresAt lt {now}");
        var page = await Table.QueryPageAsync(filter, ["ExpiresAt"], max, null, cancellationToken);
        var purged = 0;
        foreach (var row in page.Items)
        {
            if ((await Table.TryDeleteEntityAsync(Partition, row.RowKey, row.ETag, cancellationToken)).Succeeded)
            {
                purged++;
            }
        }

        return purged;
    }

    private static string RowKey(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One consent under way: the state in the authorize link, whom it is for, and until when it may be used.</summary>
public sealed record ConsentRequest(string State, string TenantId, string ConnectionId, DateTimeOffset ExpiresAt)
{
    // The state is a bearer secret until used: keep it out of logs and exception messages.
    public override string ToString() => $"ConsentRequest({TenantId}/{ConnectionId}, expires {ExpiresAt:O})";
}

/// <summary>What taking a state found.</summary>
public readonly record struct ConsentTake(ConsentTakeOutcome Outcome, ConsentRequest? Request)
{
    public static ConsentTake Unknown => new(ConsentTakeOutcome.Unknown, null);
}

public enum ConsentTakeOutcome
{
    /// <summary>This caller consumed a valid state: go on.</summary>
    Taken,

    /// <summary>The state was issued but its time ran out; it is gone now.</summary>
    Expired,

    /// <summary>Never issued, or already used.</summary>
    Unknown,
}
