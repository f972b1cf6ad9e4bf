using Azure;

namespace CreditFunctions.Storage;

/// <summary>Reading the service's error code from an answer the SDK returned rather than threw.</summary>
internal static class StorageErrors
{
    /// <summary>404 for a missing table: a deployment fault, unlike a missing row (404 ResourceNotFound).</summary>
    public const string TableNotFound = "TableNotFound";

    public static bool IsTableNotFound(Response response) =>
        response.Status == 404 && ErrorCode(response) == TableNotFound;

    /// <summary>x-ms-error-code, which both Azure and Azurite send with every error (the SDK reads it the same way).</summary>
    /// <summary>The exception's code, else the header: the SDKs fill ErrorCode only from a body they could parse.</summary>
    public static string? ErrorCode(RequestFailedException exception) =>
        exception.ErrorCode ?? (exception.GetRawResponse() is { } response ? ErrorCode(response) : null);

    public static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) && !string.IsNullOrEmpty(code) ? code : new RequestFailedException(response).ErrorCode;
}
