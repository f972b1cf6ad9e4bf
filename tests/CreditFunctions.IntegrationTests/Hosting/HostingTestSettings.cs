using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The least configuration the whole app needs to start (storage on Azurite with private tables, Xero credentials
/// its options validation demands), so hosting tests exercise the real composition, not a trimmed one.
/// </summary>
internal static class HostingTestSettings
{
    public static Dictionary<string, string?> Minimal() => new()
    {
        ["AzureWebJobsStorage"] = SharedAzurite.ConnectionString,
        ["Workflow:TablePrefix"] = "h" + Guid.NewGuid().ToString("N")[..10],
        ["Xero:ClientId"] = "hosting-tests",
        ["Xero:ClientSecret"] = "hosting-tests-secret",
        ["LocalDev:Enabled"] = "false",
    };
}
