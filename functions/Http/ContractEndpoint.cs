using CreditFunctions.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.App.Http;

/// <summary>
/// Function <c>GetApiContract</c>: <c>GET /api/contract/openapi.json</c> (the inbound and status API as OpenAPI 3.0)
/// and <c>GET /api/contract/credit-note-event.schema.json</c> (the event's JSON Schema). Public: no secrets in them.
/// </summary>
internal static class ContractEndpoint
{
    public const string OpenApiDocument = "openapi.json";
    public const string EventSchemaDocument = "credit-note-event.schema.json";

    public static IEndpointRouteBuilder MapContract(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/contract/{document}", Serve).WithName("GetApiContract");
        return routes;
    }

    private static IResult Serve(string document) => document switch
    {
        OpenApiDocument => Results.Bytes(ContractDocuments.OpenApiJson, ContractDocuments.OpenApiMediaType),
        EventSchemaDocument => Results.Bytes(ContractDocuments.EventSchemaJson, ContractDocuments.SchemaMediaType),
        _ => Problems.NotFound($"No contract document '{document}'. Try {OpenApiDocument} or {EventSchemaDocument}."),
    };
}
