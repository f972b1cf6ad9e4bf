using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CreditFunctions.Documents;

/// <summary>
/// The inbound webhook signature of contracts/order-events.md:
/// <c>X-CreditFunctions-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>,
/// keyed with the UTF-8 bytes of the tenant's webhook secret. The receiver recomputes the HMAC over the exact
/// bytes received, compares in constant time and refuses a timestamp more than <see cref="Tolerance"/> from its
/// clock, either way. Several <c>v1</c> entries may appear (one per secret while a secret is rotated); any match
/// passes. Unknown schemes (e.g. <c>v0</c>) are ignored so a future scheme can be added alongside.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-CreditFunctions-Signature";

    /// <summary>Longest header value read; anything longer is malformed.</summary>
    public const int MaxHeaderLength = 2048;

    /// <summary>How far the signed timestamp may be from the receiver's clock, in either direction: 5 minutes.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int HashBytes = 32;

    /// <summary>
    /// Checks <paramref name="header"/> against <paramref name="utf8Body"/>. The result names only the reason;
    /// it never carries the secret or the expected signature.
    /// </summary>
    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> utf8Body, string secret, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Verify(header, utf8Body, [secret], now);
    }

    /// <summary>
    /// Checks <paramref name="header"/> against several secrets at once (the receiver's side of a rotation: the
    /// current secret and the one it replaces). Valid when any <c>v1</c> matches any secret.
    /// </summary>
    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> utf8Body, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one secret, none empty.", nameof(secrets));
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Fail(SignatureFailure.Missing);
        }

        if (!TryParse(header, out var timestamp, out var candidates))
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed);
        }

        var age = now.ToUnixTimeSeconds() - timestamp;
        if (age > Tolerance.TotalSeconds || age < -Tolerance.TotalSeconds)
        {
            return SignatureCheck.Fail(SignatureFailure.Stale);
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        var matched = false;
        foreach (var secret in secrets)
        {
            Compute(secret, timestamp, utf8Body, expected);
            foreach (var candidate in candidates)
            {
                // Every pair is compared, so the time taken does not tell which one matched.
                matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
            }
        }

        CryptographicOperations.ZeroMemory(expected);

        return matched ? SignatureCheck.Valid : SignatureCheck.Fail(SignatureFailure.Mismatch);
    }

    /// <summary>The header value for <paramref name="utf8Body"/> signed at <paramref name="unixSeconds"/>: <c>t=…,v1=…</c>.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> utf8Body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(secret, unixSeconds, utf8Body, hash);
        return "t=" + unixSeconds.ToString(CultureInfo.InvariantCulture) + ",v1=" + Convert.ToHexStringLower(hash);
    }

    /// <summary>The header value for <paramref name="utf8Body"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> utf8Body) =>
        Sign(secret, timestamp.ToUnixTimeSeconds(), utf8Body);

    private static void Compute(string secret, long unixSeconds, ReadOnlySpan<byte> utf8Body, Span<byte> destination)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            Span<byte> prefix = stackalloc byte[24];
            unixSeconds.TryFormat(prefix, out var written, default, CultureInfo.InvariantCulture);
            prefix[written++] = (byte)'.';
            hmac.AppendData(prefix[..written]);
            hmac.AppendData(utf8Body);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static bool TryParse(string header, out long timestamp, out List<byte[]> candidates)
    {
        timestamp = 0;
        candidates = [];
        if (header.Length > MaxHeaderLength)
        {
            return false;
        }

        var sawTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var name = part[..equals];
            var value = part[(equals + 1)..];
            switch (name)
            {
                case "t":
                    if (sawTimestamp || value.Length is 0 or > 12 || !value.All(char.IsAsciiDigit))
                    {
                        return false;
                    }

                    timestamp = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    sawTimestamp = true;
                    break;
                case "v1":
                    if (value.Length != HashBytes * 2 || !value.All(char.IsAsciiHexDigit))
                    {
                        return false;
                    }

                    candidates.Add(Convert.FromHexString(value));
                    break;
                default:
                    break;
            }
        }

        return sawTimestamp && candidates.Count > 0;
    }
}
