using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.App.Http;

/// <summary>
/// Connecting and reconnecting a ledger connection (docs/connections.md): functions <c>StartConnectionConsent</c>
/// (<c>POST …/connections/{connectionId}/connect</c>: a Xero authorize link with a single-use state),
/// <c>CompleteConnectionConsent</c> (<c>GET /api/connections/callback</c>, where Xero sends the user back; no API key —
/// the state is the proof) and <c>ReconnectConnection</c> (<c>POST …/connections/{connectionId}/reconnect</c>: prove the
/// connection works, without consent). Both successful ends resume the documents the lost connection parked. Thin:
/// the rules live in <see cref="ConsentRequests"/>, the connection's ledger's <see cref="ILedgerConsent"/> (Xero, QuickBooks)
/// and <see cref="ConnectionRestorer"/>.
/// </summary>
internal static class ConnectionEndpoints
{
    public const string CallbackRoute = "/api/connections/callback";
    private const string NoConnection = "No such connection for this tenant.";
    private const int PurgePerConnect = 50;

    public static IEndpointRouteBuilder MapConnectionApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/tenants/{tenantId}/connections/{connectionId}/connect", ConnectAsync).WithName("StartConnectionConsent").DisableAntiforgery();
        routes.MapGet(CallbackRoute, CallbackAsync).WithName("CompleteConnectionConsent");
        routes.MapPost("/api/tenants/{tenantId}/connections/{connectionId}/reconnect", ReconnectAsync).WithName("ReconnectConnection").DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> ConnectAsync(
        string tenantId,
        string connectionId,
        HttpRequest request,
        TenantApiKeys keys,
        IEnumerable<ILedgerConsent> consents,
        ConsentRequests requests,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Find(keys.Authorize(request, tenantId, NoConnection), connectionId, consents, out var connection, out var consent) is { } denied)
        {
            return denied;
        }

        if (consent!.ConsentUnavailableReason is { } unavailable)
        {
            return Problems.Conflict(unavailable);
        }

        var now = time.GetUtcNow();
        // Abandoned consents would otherwise stay forever; connecting is rare, so a bounded purge here is enough.
        await requests.PurgeExpiredAsync(now, PurgePerConnect, cancellationToken);
        var started = await requests.CreateAsync(tenantId, connection!.Id, now, consent!.ConsentLifetime, cancellationToken);
        return Results.Json(new { authorizeUrl = consent.AuthorizeUrl(started.State).AbsoluteUri, expiresAt = started.ExpiresAt });
    }

    private static async Task<IResult> CallbackAsync(
        string? code,
        string? state,
        string? error,
        string? realmId,
        HttpRequest request,
        ConsentRequests requests,
        ITenantDirectory tenants,
        IEnumerable<ILedgerConsent> consents,
        ConnectionRestorer restorer,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var taken = await requests.TakeAsync(state, time.GetUtcNow(), cancellationToken);
        switch (taken.Outcome)
        {
            case ConsentTakeOutcome.Unknown:
                return Problems.BadRequest("This consent link is unknown or was already used; nothing changed. Start again with POST /api/tenants/{tenantId}/connections/{connectionId}/connect.");
            case ConsentTakeOutcome.Expired:
                return Problems.BadRequest("This consent link expired; nothing changed. Start again with POST /api/tenants/{tenantId}/connections/{connectionId}/connect.");
        }

        // RFC 6749 §4.1.2.1: a declined consent comes back with error instead of code.
        if (error is not null || string.IsNullOrEmpty(code))
        {
            return Problems.BadRequest($"The ledger did not grant access ({error ?? "no code"}); nothing changed. Start again to connect.");
        }

        var consentRequest = taken.Request!;
        var connection = tenants.Find(consentRequest.TenantId)?.Connections.Find(c => c.Id == consentRequest.ConnectionId);
        var consent = connection is null ? null : consents.FirstOrDefault(c => c.Ledger == connection.Ledger);
        if (connection is null || consent is null)
        {
            return Problems.NotFound("The connection this consent was for is no longer configured; nothing changed.");
        }

        // QuickBooks names the company consented to as realmId (contracts/qbo §13); Xero's consent is checked against /connections.
        var completed = await consent.CompleteAsync(connection.ToConnection(), new ConsentCallback(code, realmId), cancellationToken);
        if (completed.Failure is { } failure)
        {
            return LedgerProblem(failure);
        }

        var restored = await restorer.RestoreAsync(consentRequest.TenantId, connection.Id, cancellationToken);
        return WantsHtml(request)
            ? Results.Content(ConnectedPage(connection.Id, completed.Value!, restored.Resumed), "text/html; charset=utf-8")
            : Results.Json(new { tenantId = consentRequest.TenantId, connectionId = connection.Id, organisation = completed.Value, resumed = restored.Resumed });
    }

    private static async Task<IResult> ReconnectAsync(
        string tenantId,
        string connectionId,
        HttpRequest request,
        TenantApiKeys keys,
        IEnumerable<ILedgerConsent> consents,
        ConnectionRestorer restorer,
        CancellationToken cancellationToken)
    {
        if (Find(keys.Authorize(request, tenantId, NoConnection), connectionId, consents, out var connection, out var consent) is { } denied)
        {
            return denied;
        }

        // Proven before anything resumes: otherwise every parked document would run once more only to park again.
        if (await consent!.VerifyAsync(connection!.ToConnection(), cancellationToken) is { } failure)
        {
            return LedgerProblem(failure);
        }

        var restored = await restorer.RestoreAsync(tenantId, connection.Id, cancellationToken);
        return Results.Json(new { connectionId = connection.Id, resumed = restored.Resumed });
    }

    /// <summary>The tenant's connection and its ledger's consent, or the problem to answer: 401/404 from the key check, 404 unknown, 409 a ledger without consent.</summary>
    private static IResult? Find(TenantAccess access, string connectionId, IEnumerable<ILedgerConsent> consents, out TenantConnectionOptions? connection, out ILedgerConsent? consent)
    {
        connection = null;
        consent = null;
        if (access.Problem is { } denied)
        {
            return denied;
        }

        connection = access.Tenant!.Connections.Find(c => c.Id == connectionId);
        if (connection is null)
        {
            return Problems.NotFound(NoConnection);
        }

        var ledger = connection.Ledger;
        consent = consents.FirstOrDefault(c => c.Ledger == ledger);
        return consent is null
            ? Problems.Conflict($"Connecting {ledger} is not supported yet; Xero and QuickBooks connections can be connected here.")
            : null;
    }

    /// <summary>The ledger said no: 503 when it may work in a moment, 409 when the consent does not fit, 424 otherwise, in the ledger's words.</summary>
    private static IResult LedgerProblem(LedgerFailure failure) => failure.Kind switch
    {
        LedgerFailureKind.Transient or LedgerFailureKind.Throttled or LedgerFailureKind.DailyLimitReached => Problems.Unavailable($"{failure.Message} Nothing was resumed; try again."),
        LedgerFailureKind.Validation => Problems.Conflict($"{failure.Message} Nothing was resumed."),
        _ => Problems.LedgerRefused($"{failure.Message} Nothing was resumed."),
    };

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static string ConnectedPage(string connectionId, string organisation, int resumed)
    {
        var name = WebUtility.HtmlEncode(organisation.Length > 0 ? organisation : "the ledger organisation");
        var documents = resumed == 1 ? "1 document that was waiting for it has resumed" : $"{resumed} documents that were waiting for it have resumed";
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Connection restored</title></head>
            <body><h1>Connection restored</h1>
            <p>Connection <strong>{WebUtility.HtmlEncode(connectionId)}</strong> to {name} works again; {documents}.</p>
            <p>You can close this page.</p></body></html>
            """;
    }
}
