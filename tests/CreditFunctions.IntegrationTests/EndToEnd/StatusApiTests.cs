using System.Net;
using System.Net.Http.Headers;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>The status API's access rules and the attention list's paging (contracts/order-events.md "Status").</summary>
public sealed class StatusApiTests
{
    private const string OtherTenantKey = "t2-api-key";

    [Fact]
    public async Task Status_needs_the_tenants_key_and_another_tenants_key_sees_nothing()
    {
        await using var app = await TestApp.StartAsync(a => a.AddSecondTenant(OtherTenantKey));
        await app.SendAsync(TestEvents.CreditNote("cn_auth"));
        await app.WaitForStatusAsync("cn_auth", s => TestApp.IsState(s, "synced"));

        using var anonymous = await app.Http.GetAsync("/api/tenants/t1/credit-notes/cn_auth");
        var wrongKey = await app.StatusAsync("cn_auth", apiKey: "not-a-key");
        var otherTenant = await app.StatusAsync("cn_auth", apiKey: OtherTenantKey);
        var ownDocumentsOnly = await app.StatusAsync("cn_auth", tenantId: "t2", apiKey: OtherTenantKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.Status);
        Assert.Equal(HttpStatusCode.NotFound, ownDocumentsOnly.Status);
        Assert.DoesNotContain("cn_auth", otherTenant.Body?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_attention_list_pages_through_failed_documents_with_a_cursor()
    {
        await using var app = await TestApp.StartAsync(a => a.AddSecondTenant(OtherTenantKey));
        app.Xero.Control.SetLockDates(app.XeroTenantId, new DateOnly(2026, 12, 31), null);
        string[] ids = ["cn_att1", "cn_att2", "cn_att3"];
        foreach (var id in ids)
        {
            await app.SendAsync(TestEvents.CreditNote(id));
        }

        await app.SendAsync(TestEvents.CreditNote("cn_att_t2"), tenantId: "t2", secret: "t2-webhook-secret");
        foreach (var id in ids)
        {
            await app.WaitForStatusAsync(id, s => TestApp.IsState(s, "failed"));
        }

        var first = await LedgerRejectionTests.GetAsync(app, "/api/tenants/t1/attention?pageSize=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = (string?)first["nextCursor"];
        Assert.False(string.IsNullOrEmpty(cursor));
        var second = await LedgerRejectionTests.GetAsync(app, "/api/tenants/t1/attention?pageSize=2&cursor=" + Uri.EscapeDataString(cursor!));
        Assert.Single(second["items"]!.AsArray());
        Assert.Null((string?)second["nextCursor"]);

        var listed = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => (string)i!["id"]!).Order().ToArray();
        Assert.Equal(ids, listed);
        Assert.All(first["items"]!.AsArray(), i => Assert.Equal("failed", (string?)i!["state"]));

        using var badSize = await SendAsync(app, "/api/tenants/t1/attention?pageSize=0");
        using var badCursor = await SendAsync(app, "/api/tenants/t1/attention?cursor=nonsense");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badSize.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCursor.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestApp app, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        return await app.Http.SendAsync(request);
    }
}
