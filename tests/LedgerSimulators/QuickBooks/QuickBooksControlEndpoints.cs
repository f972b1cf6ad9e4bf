using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// The control API under <c>/_sim/</c> (not QBO; camelCase JSON), shaped like the Xero simulator's: seed, list by number,
/// invoice balance, closing date, faults, counters, reset. Each endpoint calls the same C# operation as
/// <see cref="QuickBooksSimulator.Seed"/>, <see cref="QuickBooksSimulator.Control"/>, <see cref="QuickBooksSimulator.Faults"/>,
/// <see cref="QuickBooksSimulator.Store"/> or <see cref="QuickBooksSimulator.Counters"/>.
/// </summary>
internal static class QuickBooksControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, QuickBooksSimulator simulator)
    {
        var sim = endpoints.MapGroup("/_sim");

        // The stored CreditMemos with this DocNumber, in QBO's wire format.
        sim.MapGet("/credit-memos", (string number, string? realmId) =>
            Results.Text(new JsonArray([.. simulator.Store.CreditMemosByNumber(number, realmId)]).ToJsonString(), "application/json"));

        sim.MapPost("/companies", (CompanyRequest body) => Results.Ok(new { realmId = simulator.Seed.Company(body.Name, body.RealmId) }));

        sim.MapPost("/clients", (ClientRequest body) =>
        {
            simulator.Seed.Client(body.ClientId, body.ClientSecret);
            return Results.NoContent();
        });

        sim.MapPost("/tokens", (TokenRequest body) => Results.Ok(simulator.Seed.Tokens(body.ClientId, body.RealmId, body.RefreshToken)));

        sim.MapPost("/companies/{realmId}/customers", (string realmId, CustomerRequest body) =>
            Results.Ok(new { customerId = simulator.Seed.Customer(realmId, body.DisplayName, body.Email) }));

        sim.MapPost("/companies/{realmId}/invoices", (string realmId, InvoiceRequest body) =>
            Results.Ok(new { invoiceId = simulator.Seed.Invoice(realmId, body.DocNumber, body.CustomerId, body.Total, body.Balance, body.TxnDate) }));

        sim.MapGet("/companies/{realmId}/invoices", (string realmId, string number) =>
            simulator.Store.Invoice(realmId, number) is { } invoice ? Results.Text(invoice.ToJsonString(), "application/json") : Results.NotFound());

        sim.MapGet("/companies/{realmId}/invoices/{number}/amount-due", (string realmId, string number) =>
            simulator.Store.AmountDue(realmId, number) is { } due ? Results.Ok(due) : Results.NotFound());

        sim.MapPost("/companies/{realmId}/vendors", (string realmId, VendorRequest body) =>
            Results.Ok(new { vendorId = simulator.Seed.Vendor(realmId, body.DisplayName) }));

        sim.MapPost("/companies/{realmId}/bills", (string realmId, BillRequest body) =>
            Results.Ok(new { billId = simulator.Seed.Bill(realmId, body.DocNumber, body.VendorId, body.Total, body.Balance, body.TxnDate) }));

        sim.MapGet("/companies/{realmId}/bills/{number}/amount-due", (string realmId, string number) =>
            simulator.Store.BillDue(realmId, number) is { } due ? Results.Ok(due) : Results.NotFound());

        // A payment entered in QuickBooks by bank reconciliation (not through the API): the Cin7 duplicate and pull mode.
        sim.MapPost("/companies/{realmId}/bank-payments", (string realmId, BankPaymentRequest body) =>
        {
            try
            {
                return Results.Ok(new { paymentId = simulator.Seed.BankPayment(realmId, body.InvoiceNumber, body.Amount, body.Date, body.Reference, body.DepositToAccountId) });
            }
            catch (QuickBooksRefusedException refused)
            {
                return Results.Text(refused.Message, "application/json", statusCode: 400);
            }
        });

        // Every live entity of a type (Payment, JournalEntry, CreditMemo, …) in QBO's wire format: what the books hold.
        sim.MapGet("/companies/{realmId}/entities/{entity}", (string realmId, string entity) =>
            QuickBooksSchema.EntityNames.TryGetValue(entity, out var name)
                ? Results.Text(new JsonArray([.. simulator.Store.Entities(realmId, name)]).ToJsonString(), "application/json")
                : Results.NotFound());

        sim.MapPut("/companies/{realmId}/book-close-date", (string realmId, BookCloseRequest body) =>
        {
            simulator.Control.SetBookCloseDate(realmId, body.BookCloseDate);
            return Results.NoContent();
        });

        sim.MapPost("/companies/{realmId}/{entity}/{id}/touch", (string realmId, string entity, string id) =>
            Results.Ok(new { syncToken = simulator.Control.Touch(realmId, entity, id) }));

        sim.MapPut("/limits", (QuickBooksRateLimits body) =>
        {
            simulator.Control.Limits = body;
            return Results.NoContent();
        });

        sim.MapPost("/clients/{clientId}/revoke-consent", (string clientId) => Results.Ok(new { revoked = simulator.Control.RevokeConsent(clientId) }));

        sim.MapPost("/clients/{clientId}/expire-refresh-tokens", (string clientId) => Results.Ok(new { expired = simulator.Control.ExpireRefreshTokens(clientId) }));

        sim.MapPut("/clients/{clientId}/consent-choice", (string clientId, ConsentChoiceRequest body) =>
        {
            simulator.Control.SetConsentChoice(clientId, body.RealmId, body.Deny ?? false);
            return Results.NoContent();
        });

        sim.MapGet("/counters", () => Results.Ok(simulator.Counters.Snapshot()));

        sim.MapPost("/reset", () =>
        {
            simulator.Control.Reset();
            return Results.NoContent();
        });

        sim.MapPost("/faults", (FaultRequest body) =>
        {
            if (!Enum.TryParse<QuickBooksFaultKind>(body.Kind, ignoreCase: true, out var kind))
            {
                return Results.BadRequest(new { error = $"kind must be one of {string.Join(", ", Enum.GetNames<QuickBooksFaultKind>())}" });
            }

            simulator.Faults.Add(new QuickBooksFaultRule(
                kind,
                body.Count ?? 1,
                body.Method,
                body.PathContains,
                body.StatusCode ?? (kind == QuickBooksFaultKind.FaultInOk ? 200 : 500),
                body.DelayMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                body.FaultType ?? "SystemFault",
                body.FaultCode ?? "10000",
                body.FaultMessage ?? "An application error has occurred while processing your request"));
            return Results.NoContent();
        });

        sim.MapDelete("/faults", () =>
        {
            simulator.Faults.Clear();
            return Results.NoContent();
        });
    }

    internal sealed record CompanyRequest(string Name, string? RealmId);

    internal sealed record ClientRequest(string ClientId, string ClientSecret);

    internal sealed record TokenRequest(string ClientId, string RealmId, string? RefreshToken);

    internal sealed record CustomerRequest(string DisplayName, string? Email);

    internal sealed record InvoiceRequest(string DocNumber, string CustomerId, decimal Total, decimal? Balance, DateOnly? TxnDate);

    internal sealed record VendorRequest(string DisplayName);

    internal sealed record BillRequest(string DocNumber, string VendorId, decimal Total, decimal? Balance, DateOnly? TxnDate);

    internal sealed record BookCloseRequest(DateOnly? BookCloseDate);

    internal sealed record BankPaymentRequest(string InvoiceNumber, decimal Amount, DateOnly? Date, string? Reference, string? DepositToAccountId);

    internal sealed record ConsentChoiceRequest(string? RealmId, bool? Deny);

    internal sealed record FaultRequest(
        string Kind, int? Count, string? Method, string? PathContains, int? StatusCode, int? DelayMilliseconds, string? FaultType, string? FaultCode, string? FaultMessage);
}
