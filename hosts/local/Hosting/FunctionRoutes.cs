using CreditFunctions.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// The Functions app's HTTP functions at the paths the Functions host serves them (<c>/api/{route}</c>), each endpoint
/// calling the same function method with the local engine's Durable client. The consistency check compares these with
/// functions.metadata.
/// </summary>
internal static class FunctionRoutes
{
    public static IEndpointRouteBuilder MapFunctionRoutes(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").DisableAntiforgery();
        api.MapPost(ReceiveOrderEvent.Route, (HttpRequest r, string tenantId, ReceiveOrderEvent f) => f.RunAsync(r, tenantId))
            .WithName(nameof(ReceiveOrderEvent));
        api.MapGet(StatusFunctions.StatusRoute, (HttpRequest r, string tenantId, string creditNoteId, StatusFunctions f) => f.GetAsync(r, tenantId, creditNoteId))
            .WithName("GetCreditNoteStatus");
        api.MapGet(StatusFunctions.AttentionRoute, (HttpRequest r, string tenantId, StatusFunctions f) => f.ListAttentionAsync(r, tenantId))
            .WithName("ListCreditNotesNeedingAttention");
        api.MapPost(StatusFunctions.RetryRoute, (HttpRequest r, string tenantId, string creditNoteId, StatusFunctions f, DurableTaskClient d) => f.RetryAsync(r, tenantId, creditNoteId, d))
            .WithName("RetryCreditNote");
        api.MapGet(MoneyStatusFunctions.StatusRoute, (HttpRequest r, string tenantId, string kind, string documentId, MoneyStatusFunctions f) => f.GetAsync(r, tenantId, kind, documentId))
            .WithName("GetMoneyDocumentStatus");
        api.MapPost(MoneyStatusFunctions.RetryRoute, (HttpRequest r, string tenantId, string kind, string documentId, MoneyStatusFunctions f, DurableTaskClient d) => f.RetryAsync(r, tenantId, kind, documentId, d))
            .WithName("RetryMoneyDocument");
        api.MapPost(ConnectionFunctions.ConnectRoute, (HttpRequest r, string tenantId, string connectionId, ConnectionFunctions f) => f.ConnectAsync(r, tenantId, connectionId))
            .WithName("StartConnectionConsent");
        api.MapGet(ConnectionFunctions.CallbackRoute, (HttpRequest r, ConnectionFunctions f, DurableTaskClient d) => f.CallbackAsync(r, d))
            .WithName("CompleteConnectionConsent");
        api.MapPost(ConnectionFunctions.ReconnectRoute, (HttpRequest r, string tenantId, string connectionId, ConnectionFunctions f, DurableTaskClient d) => f.ReconnectAsync(r, tenantId, connectionId, d))
            .WithName("ReconnectConnection");
        api.MapGet(GetApiContract.Route, (HttpRequest r, string document, GetApiContract f) => f.Run(r, document))
            .WithName(nameof(GetApiContract));
        api.MapGet(GetLiveness.Route, (HttpRequest r, GetLiveness f) => f.Run(r))
            .WithName(nameof(GetLiveness));
        api.MapGet(GetReadiness.Route, (HttpRequest r, GetReadiness f) => f.RunAsync(r))
            .WithName(nameof(GetReadiness));
        api.MapGet(GetOperatorPage.Route, (HttpRequest r, string? asset, GetOperatorPage f) => f.Run(r, asset)).WithName(nameof(GetOperatorPage));
        api.MapGet(ListCreditNotes.Route, (HttpRequest r, string tenantId, ListCreditNotes f) => f.RunAsync(r, tenantId)).WithName(nameof(ListCreditNotes));
        api.MapGet(GetCreditNoteTimeline.Route, (HttpRequest r, string tenantId, string creditNoteId, GetCreditNoteTimeline f) => f.RunAsync(r, tenantId, creditNoteId))
            .WithName(nameof(GetCreditNoteTimeline));
        api.MapGet(GetSyncLatency.Route, (HttpRequest r, string tenantId, GetSyncLatency f) => f.RunAsync(r, tenantId)).WithName(nameof(GetSyncLatency));
        api.MapGet(ListConnections.Route, (HttpRequest r, string tenantId, ListConnections f) => f.Run(r, tenantId)).WithName(nameof(ListConnections));
        api.MapGet(ListPulledPayments.Route, (HttpRequest r, string tenantId, ListPulledPayments f) => f.RunAsync(r, tenantId)).WithName(nameof(ListPulledPayments));
        return routes;
    }
}
