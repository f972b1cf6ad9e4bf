using CreditFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>The scan can fail: a secret planted in a message, a structured field, a scope or an exception is found.</summary>
public sealed partial class SecretScannerTests
{
    private const string Secret = "planted-refresh-token-0123456789";
    private static readonly Dictionary<string, string> Secrets = new() { [Secret] = "planted token" };

    [Fact]
    public void A_secret_logged_anywhere_in_a_line_is_found_and_named_by_its_source_not_its_value()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new LogCapture(logs)));
        var logger = factory.CreateLogger("CreditFunctions.Ledgers.Xero.XeroTokenManager");

        TokenRefreshed(logger, "t1-xero", Secret);
        KeyValuePair<string, object?>[] secretField = [new("Token", Secret)];
        logger.Log(LogLevel.Information, 0, secretField, null, (_, _) => "a clean message, a secret field");
        using (logger.BeginScope(new Dictionary<string, object?> { ["Authorization"] = "Bearer " + Secret }))
        {
            logger.LogInformation("a clean message in a secret scope");
        }

        logger.LogError(new InvalidOperationException("refresh failed for " + Secret), "a clean message with a secret exception");
        logger.LogInformation("a clean line");

        Assert.Equal(5, logs.Entries.Count);
        Assert.All(logs.Entries.Take(4), line => Assert.NotEmpty(SecretScanner.Find([line], Secrets)));
        Assert.Empty(SecretScanner.Find([logs.Entries[4]], Secrets));
        Assert.All(SecretScanner.Find(logs.Entries, Secrets), finding =>
        {
            Assert.Contains("planted token", finding, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, finding, StringComparison.Ordinal);
        });
    }

    [LoggerMessage(EventId = 9999, Level = LogLevel.Information, Message = "Connection {ConnectionId} refreshed: {RefreshToken}")]
    private static partial void TokenRefreshed(ILogger logger, string connectionId, string refreshToken);
}
