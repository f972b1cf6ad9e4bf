using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// The control API under <c>/_sim/</c> (not MYOB; camelCase JSON), the same shape as the Xero simulator's so one harness
/// drives every ledger: a "tenant" is a company file, a "contact" a customer card, a "client" an API key. Each endpoint
/// calls the same C# operation as <see cref="MyobSimulator.Seed"/>, <see cref="MyobSimulator.Control"/>,
/// <see cref="MyobSimulator.Faults"/>, <see cref="MyobSimulator.Store"/> or <see cref="MyobSimulator.Counters"/>.
/// </summary>
internal static class MyobControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, MyobSimulator simulator)
    {
        var sim = endpoints.MapGroup("/_sim");

        sim.MapGet("/credit-notes", (string number, Guid? tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.CreditNotesByNumber(number, tenantId)]).ToJsonString(), "application/json"));

        sim.MapPost("/tenants", (TenantRequest body) => Results.Ok(new { tenantId = simulator.Seed.CompanyFile(body.Name, body.TenantId) }));

        sim.MapPost("/clients", (ClientRequest body) =>
        {
            simulator.Seed.Client(body.ClientId, body.ClientSecret);
            return Results.NoContent();
        });

        sim.MapPost("/authorization-codes", (CodeRequest body) =>
            Results.Ok(new { code = simulator.Seed.AuthorizationCode(body.ClientId, body.TenantIds, body.RedirectUri ?? "") }));

        sim.MapPost("/tokens", (CodeRequest body) =>
            Results.Text(simulator.Seed.Tokens(body.ClientId, [.. body.TenantIds]).ToJson().ToJsonString(), "application/json"));

        sim.MapPost("/tenants/{tenantId:guid}/contacts", (Guid tenantId, ContactRequest body) =>
            Results.Ok(new { contactId = body.Supplier == true ? simulator.Seed.Supplier(tenantId, body.Name, body.ContactNumber) : simulator.Seed.Customer(tenantId, body.Name, body.ContactNumber) }));

        sim.MapPost("/tenants/{tenantId:guid}/invoices", (Guid tenantId, InvoiceRequest body) =>
        {
            var seed = new MyobInvoiceSeed(body.InvoiceNumber, body.ContactId, body.Total, body.Date, body.AmountDue);
            return Results.Ok(new { invoiceId = body.Type == "ACCPAY" ? simulator.Seed.Bill(tenantId, seed) : simulator.Seed.Invoice(tenantId, seed) });
        });

        sim.MapGet("/tenants/{tenantId:guid}/invoices", (Guid tenantId, string number) =>
            simulator.Store.Invoice(tenantId, number) is { } invoice ? Results.Text(invoice.ToJsonString(), "application/json") : Results.NotFound());

        sim.MapPost("/tenants/{tenantId:guid}/payments", (Guid tenantId, PaymentRequest body) =>
        {
            try
            {
                var id = simulator.Seed.Payment(tenantId, new MyobPaymentSeed(body.InvoiceNumber, body.Amount, body.Date, body.Reference, body.Memo, body.Type == "ACCPAY", body.BankAccount));
                return Results.Ok(new { paymentId = id });
            }
            catch (InvalidOperationException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });

        sim.MapGet("/tenants/{tenantId:guid}/payments", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.Payments(tenantId)]).ToJsonString(), "application/json"));

        sim.MapGet("/tenants/{tenantId:guid}/bank-transactions", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.BankTransactions(tenantId)]).ToJsonString(), "application/json"));

        sim.MapGet("/tenants/{tenantId:guid}/documents", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.Documents(tenantId)]).ToJsonString(), "application/json"));

        sim.MapGet("/tenants/{tenantId:guid}/settlements", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.Settlements(tenantId)]).ToJsonString(), "application/json"));

        sim.MapGet("/tenants/{tenantId:guid}/refunds", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.Refunds(tenantId)]).ToJsonString(), "application/json"));

        sim.MapPut("/tenants/{tenantId:guid}/lock-dates", (Guid tenantId, LockDatesRequest body) =>
        {
            simulator.Control.SetLockPeriod(tenantId, body.PeriodLockDate);
            return Results.NoContent();
        });

        sim.MapPut("/limits", (MyobRateLimits body) =>
        {
            simulator.Control.Limits = body;
            return Results.NoContent();
        });

        sim.MapPost("/clients/{clientId}/revoke-consent", (string clientId) => Results.Ok(new { revoked = simulator.Control.RevokeConsent(clientId) }));

        sim.MapPut("/clients/{clientId}/consent-choice", (string clientId, ConsentChoiceRequest body) =>
        {
            simulator.Control.SetConsentChoice(clientId, new MyobConsentChoice(body.TenantIds?.FirstOrDefault(), body.Deny ?? false));
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
            if (!Enum.TryParse<MyobFaultKind>(body.Kind, ignoreCase: true, out var kind))
            {
                return Results.BadRequest(new { error = $"kind must be one of {string.Join(", ", Enum.GetNames<MyobFaultKind>())}" });
            }

            simulator.Faults.Add(new MyobFaultRule(
                kind,
                body.Count ?? 1,
                body.Method,
                body.PathContains,
                body.StatusCode ?? 504,
                body.DelayMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null));
            return Results.NoContent();
        });

        sim.MapDelete("/faults", () =>
        {
            simulator.Faults.Clear();
            return Results.NoContent();
        });
    }

    internal sealed record TenantRequest(string Name, Guid? TenantId);

    internal sealed record ClientRequest(string ClientId, string ClientSecret);

    internal sealed record CodeRequest(string ClientId, Guid[] TenantIds, string? RedirectUri);

    internal sealed record ContactRequest(string Name, string? ContactNumber, string? EmailAddress, bool? Supplier);

    /// <summary>As the Xero simulator's: <c>type</c> ACCREC (default, a sale invoice) or ACCPAY (a purchase bill).</summary>
    internal sealed record InvoiceRequest(string InvoiceNumber, Guid ContactId, decimal Total, string? Type, decimal? AmountDue, DateOnly? Date);

    /// <summary>A payment entered in MYOB by bank reconciliation: <c>type</c> ACCREC (default, on a sale invoice) or ACCPAY (on a bill).</summary>
    internal sealed record PaymentRequest(string InvoiceNumber, decimal Amount, DateOnly? Date, string? Reference, string? Memo, string? Type, string? BankAccount);

    internal sealed record ConsentChoiceRequest(Guid[]? TenantIds, bool? Deny);

    internal sealed record LockDatesRequest(DateOnly? PeriodLockDate);

    internal sealed record FaultRequest(string Kind, int? Count, string? Method, string? PathContains, int? StatusCode, int? DelayMilliseconds);
}
