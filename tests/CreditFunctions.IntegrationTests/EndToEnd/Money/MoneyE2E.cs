using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// What every ledger's money end-to-end tests do with the app: send a signed money event over HTTP, read a money status
/// with the tenant's key, and poll it (bounded by <see cref="TestApp.DefaultWait"/>) as an order system would.
/// </summary>
internal static class MoneyE2E
{
    public static Task<HttpResponseMessage> SendMoneyAsync(this TestApp app, MoneyEvent moneyEvent) =>
        app.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(moneyEvent));

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(this TestApp app, string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls <c>GET /api/tenants/t1/{route}/{id}</c> as an order system would until <paramref name="until"/> holds.</summary>
    public static async Task<JsonNode> WaitForMoneyAsync(this TestApp app, string route, string id, Func<JsonNode, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow + TestApp.DefaultWait;
        JsonNode? last = null;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var (status, body) = await app.GetAsync($"/api/tenants/{TestApp.TenantId}/{route}/{id}");
            if (status == HttpStatusCode.OK && body is not null)
            {
                last = body;
                if (until(body))
                {
                    return body;
                }
            }

            await ticker.WaitForNextTickAsync();
        }

        throw new TimeoutException($"{route}/{id} never reached the expected status; last: {last?.ToJsonString() ?? "none"}");
    }

    public static Task<JsonNode> WaitForStateAsync(this TestApp app, string route, string id, string state) =>
        app.WaitForMoneyAsync(route, id, s => State(s) == state);

    public static string? State(JsonNode status) => (string?)status["state"];
}
