using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// Fresh tokens for the run command's MYOB and QuickBooks connections, minted by the simulators' control API
/// (<c>POST /_sim/tokens</c>, docs/myob-simulator.md and docs/quickbooks-simulator.md) — the consent a user would give
/// at the ledger. Asking the running simulator (rather than seeding a fixed refresh token) works as well for a simulator
/// this run started as for one left running by an earlier run whose tokens have rotated since.
/// </summary>
internal static class SimulatorTokens
{
    public static async Task<MyobTokenSet> MyobAsync(HttpClient http, Uri simulator, string clientId, string companyFileId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(simulator, "_sim/tokens"), new { clientId, tenantIds = new[] { companyFileId } }, cancellationToken);
        var body = await ReadAsync(response, "MYOB", cancellationToken);
        return new MyobTokenSet(
            (string)body["access_token"]!,
            now + TimeSpan.FromSeconds((int)body["expires_in"]!),
            (string?)body["refresh_token"]);
    }

    public static async Task<QuickBooksTokenSet> QuickBooksAsync(HttpClient http, Uri simulator, string clientId, string realmId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(simulator, "_sim/tokens"), new { clientId, realmId }, cancellationToken);
        var body = await ReadAsync(response, "QuickBooks", cancellationToken);
        return new QuickBooksTokenSet(
            (string)body["accessToken"]!,
            now + TimeSpan.FromSeconds((int)body["expiresIn"]!),
            (string?)body["refreshToken"]);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, string ledger, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && JsonNode.Parse(text) is JsonObject body
            ? body
            : throw new InvalidOperationException($"The {ledger} simulator did not mint demo tokens (HTTP {(int)response.StatusCode}: {text}).");
    }
}
