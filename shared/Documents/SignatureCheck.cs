namespace CreditFunctions.Documents;

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>: valid, or the reason it is not (all map to 401).</summary>
public readonly record struct SignatureCheck(SignatureFailure? Failure)
{
    public static SignatureCheck Valid => default;

    public bool IsValid => Failure is null;

    internal static SignatureCheck Fail(SignatureFailure failure) => new(failure);
}

/// <summary>Why a signature was refused. Safe to log; it says nothing about the secret.</summary>
public enum SignatureFailure
{
    /// <summary>No signature header.</summary>
    Missing,

    /// <summary>The header is not <c>t=&lt;digits&gt;,v1=&lt;64 hex&gt;[,v1=…]</c>.</summary>
    Malformed,

    /// <summary>The timestamp is more than 5 minutes from the receiver's clock.</summary>
    Stale,

    /// <summary>No <c>v1</c> value matches the body and the secret.</summary>
    Mismatch,
}
