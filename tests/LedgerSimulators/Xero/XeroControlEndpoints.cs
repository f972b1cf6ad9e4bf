using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// The control API under <c>/_sim/</c> (not Xero; camelCase JSON). Each endpoint calls the same C# operation
/// as <see cref="XeroSimulator.Seed"/>, <see cref="XeroSimulator.Control"/>, <see cref="XeroSimulator.Faults"/>,
/// <see cref="XeroSimulator.Store"/> or <see cref="XeroSimulator.Counters"/>, so both stay consistent.
/// </summary>
internal static class XeroControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, XeroSimulator simulator)
    {
        var sim = endpoints.MapGroup("/_sim");

        // Required by the project: the stored credit notes with this number, in Xero's wire format.
        sim.MapGet("/credit-notes", (string number, Guid? tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.CreditNotesByNumber(number, tenantId)]).ToJsonString(), "application/json"));

        sim.MapPost("/tenants", (TenantRequest body) => Results.Ok(new { tenantId = simulator.Seed.Tenant(body.Name, body.TenantId) }));

        sim.MapPost("/clients", (ClientRequest body) =>
        {
            simulator.Seed.Client(body.ClientId, body.ClientSecret, body.CustomConnectionTenantId);
            return Results.NoContent();
        });

        sim.MapPost("/authorization-codes", (CodeRequest body) =>
            Results.Ok(new { code = simulator.Seed.AuthorizationCode(body.ClientId, body.TenantIds, body.RedirectUri) }));

        sim.MapPost("/tokens", (CodeRequest body) =>
            Results.Text(simulator.Seed.Tokens(body.ClientId, [.. body.TenantIds]).ToJson().ToJsonString(), "application/json"));

        sim.MapPost("/tenants/{tenantId:guid}/contacts", (Guid tenantId, ContactRequest body) =>
            Results.Ok(new { contactId = simulator.Seed.Contact(tenantId, body.Name, body.ContactNumber, body.EmailAddress) }));

        sim.MapPost("/tenants/{tenantId:guid}/invoices", (Guid tenantId, InvoiceRequest body) =>
            Results.Ok(new
            {
                invoiceId = simulator.Seed.Invoice(tenantId, new XeroInvoiceSeed(
                    body.InvoiceNumber, body.ContactId, body.Total, body.Type ?? "ACCREC", body.AmountDue, body.Status ?? "AUTHORISED", body.Date, body.CurrencyCode, body.TotalTax ?? 0m, body.InvoiceId)),
            }));

        sim.MapGet("/tenants/{tenantId:guid}/invoices", (Guid tenantId, string number) =>
            simulator.Store.Invoice(tenantId, number) is { } invoice ? Results.Text(invoice.ToJsonString(), "application/json") : Results.NotFound());

        sim.MapPost("/tenants/{tenantId:guid}/accounts", (Guid tenantId, AccountRequest body) =>
            Results.Ok(new { accountId = simulator.Seed.Account(tenantId, body.Code, body.Name, body.Type, body.EnablePaymentsToAccount ?? false, body.TaxType) }));

        sim.MapPost("/tenants/{tenantId:guid}/accounts/{code}/archive", (Guid tenantId, string code) =>
        {
            simulator.Control.ArchiveAccount(tenantId, code);
            return Results.NoContent();
        });

        // A payment entered in Xero by bank reconciliation (not through the API): the Cin7 duplicate and pull mode.
        sim.MapPost("/tenants/{tenantId:guid}/bank-reconciliation-payments", (Guid tenantId, ReconciliationPaymentRequest body) =>
        {
            try
            {
                return Results.Ok(new { paymentId = simulator.Seed.BankReconciliationPayment(tenantId, body.InvoiceNumber, body.Amount, body.Date, body.AccountCode ?? "090", body.Reference) });
            }
            catch (InvalidOperationException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });

        sim.MapGet("/tenants/{tenantId:guid}/payments", (Guid tenantId) =>
            Results.Text(new JsonArray([.. simulator.Store.Payments(tenantId)]).ToJsonString(), "application/json"));

        sim.MapPut("/tenants/{tenantId:guid}/lock-dates", (Guid tenantId, LockDatesRequest body) =>
        {
            simulator.Control.SetLockDates(tenantId, body.PeriodLockDate, body.EndOfYearLockDate);
            return Results.NoContent();
        });

        sim.MapPut("/limits", (XeroRateLimits body) =>
        {
            simulator.Control.Limits = body;
            return Results.NoContent();
        });

        sim.MapPost("/clients/{clientId}/revoke-consent", (string clientId) => Results.Ok(new { revoked = simulator.Control.RevokeConsent(clientId) }));

        sim.MapPost("/clients/{clientId}/expire-refresh-tokens", (string clientId) => Results.Ok(new { expired = simulator.Control.ExpireRefreshTokens(clientId) }));

        sim.MapPut("/clients/{clientId}/consent-choice", (string clientId, ConsentChoiceRequest body) =>
        {
            simulator.Control.SetConsentChoice(clientId, new XeroConsentChoice(body.TenantIds, body.Deny ?? false));
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
            if (!Enum.TryParse<XeroFaultKind>(body.Kind, ignoreCase: true, out var kind))
            {
                return Results.BadRequest(new { error = $"kind must be one of {string.Join(", ", Enum.GetNames<XeroFaultKind>())}" });
            }

            simulator.Faults.Add(new XeroFaultRule(
                kind,
                body.Count ?? 1,
                body.Method,
                body.PathContains,
                body.StatusCode ?? 503,
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

    internal sealed record ClientRequest(string ClientId, string ClientSecret, Guid? CustomConnectionTenantId);

    internal sealed record CodeRequest(string ClientId, Guid[] TenantIds, string? RedirectUri);

    internal sealed record ContactRequest(string Name, string? ContactNumber, string? EmailAddress);

    internal sealed record InvoiceRequest(
        string InvoiceNumber,
        Guid ContactId,
        decimal Total,
        string? Type,
        decimal? AmountDue,
        string? Status,
        DateOnly? Date,
        string? CurrencyCode,
        decimal? TotalTax,
        Guid? InvoiceId);

    internal sealed record AccountRequest(string Code, string Name, string Type, bool? EnablePaymentsToAccount, string? TaxType);

    internal sealed record ReconciliationPaymentRequest(string InvoiceNumber, decimal Amount, DateOnly? Date, string? AccountCode, string? Reference);

    internal sealed record ConsentChoiceRequest(Guid[]? TenantIds, bool? Deny);

    internal sealed record LockDatesRequest(DateOnly? PeriodLockDate, DateOnly? EndOfYearLockDate);

    internal sealed record FaultRequest(string Kind, int? Count, string? Method, string? PathContains, int? StatusCode, int? DelayMilliseconds);
}
