using CreditFunctions.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetApiContract</c>: <c>GET /api/contract/openapi.json</c> (the inbound and status API as OpenAPI 3.0),
/// <c>GET /api/contract/credit-note-event.schema.json</c> (the credit-note event's JSON Schema) and
/// <c>GET /api/contract/money-event.schema.json</c> (the money events', docs/payments.md). Public: no secrets in them.
/// </summary>
public sealed class GetApiContract
{
    public const string Route = "contract/{document}";
    public const string OpenApiDocument = "openapi.json";
    public const string EventSchemaDocument = "credit-note-event.schema.json";
    public const string MoneyEventSchemaDocument = "money-event.schema.json";

    [Function(nameof(GetApiContract))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string document) => document switch
    {
        OpenApiDocument => Results.Bytes(ContractDocuments.OpenApiJson, ContractDocuments.OpenApiMediaType),
        EventSchemaDocument => Results.Bytes(ContractDocuments.EventSchemaJson, ContractDocuments.SchemaMediaType),
        MoneyEventSchemaDocument => Results.Bytes(ContractDocuments.MoneyEventSchemaJson, ContractDocuments.SchemaMediaType),
        _ => Problems.NotFound($"No contract document '{document}'. Try {OpenApiDocument}, {EventSchemaDocument} or {MoneyEventSchemaDocument}."),
    };
}
