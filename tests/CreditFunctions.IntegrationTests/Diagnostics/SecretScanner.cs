using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>Finds any secret inside any text of any captured log line (message, structured field, scope, exception).</summary>
public static class SecretScanner
{
    /// <param name="secrets">Secret value → where it came from; findings name the source, never the value.</param>
    public static IReadOnlyList<string> Find(IEnumerable<CapturedLog> logs, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(secrets);
        return logs
            .SelectMany(log => secrets.SelectMany(secret => log.Texts()
                .Where(text => text.Text.Contains(secret.Key, StringComparison.Ordinal))
                .Select(text => $"{secret.Value} appears in the {text.Where} of a {log.Level} line of {log.Category} (event {log.EventId})")))
            .Distinct()
            .ToList();
    }
}
