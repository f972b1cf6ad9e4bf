namespace CreditFunctions.Storage;

/// <summary>
/// The one exception the storage clients throw for a failed request (stands in for Azure.RequestFailedException):
/// HTTP status, the service's error code, the service request id. Expected outcomes (already exists, ETag
/// conflict, not found, pop receipt mismatch) are returned as values instead. The message never carries keys,
/// signatures, tokens or SAS.
/// </summary>
public sealed class StorageRequestFailedException : Exception
{
    public StorageRequestFailedException()
    {
    }

    public StorageRequestFailedException(string message)
        : base(message)
    {
    }

    public StorageRequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageRequestFailedException(int status, string? errorCode, string? requestId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int Status { get; }

    /// <summary>The service's error code (x-ms-error-code or the body), e.g. <c>InvalidInput</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's x-ms-request-id, for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>Worth retrying later: throttling or server faults that outlived the pipeline's own retries.</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or 500 or 502 or 503 or 504;
}
