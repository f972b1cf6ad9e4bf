using System.Net;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>The app serves the contract documents (docs/contract.md, docs/payments.md "Contract") as they are embedded.</summary>
public sealed class ContractDocumentTests
{
    [Fact]
    public async Task The_money_event_schema_is_served_beside_the_credit_note_schema()
    {
        await using var app = await TestApp.StartAsync();

        using var money = await app.Http.GetAsync("/api/contract/money-event.schema.json");
        using var creditNote = await app.Http.GetAsync("/api/contract/credit-note-event.schema.json");
        using var unknown = await app.Http.GetAsync("/api/contract/payment-event.schema.json");

        Assert.Equal(HttpStatusCode.OK, money.StatusCode);
        Assert.Equal(ContractDocuments.SchemaMediaType, money.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ContractDocuments.MoneyEventSchemaJson.ToArray(), await money.Content.ReadAsByteArrayAsync());
        Assert.Equal(ContractDocuments.EventSchemaJson.ToArray(), await creditNote.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("money-event.schema.json", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
