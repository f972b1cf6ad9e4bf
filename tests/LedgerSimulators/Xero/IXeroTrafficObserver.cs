namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Sees every exchange with the simulator (Accounting API, identity, control), e.g. to validate it against the OpenAPI description.</summary>
public interface IXeroTrafficObserver
{
    void OnExchange(XeroExchange exchange);
}

/// <summary>
/// One request and its response. Request headers exclude Authorization. <see cref="Aborted"/> is true when
/// the simulator dropped the connection (the client never saw the response recorded here) or the client went away.
/// </summary>
public sealed record XeroExchange(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string RequestBody,
    int StatusCode,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseContentType,
    string ResponseBody,
    bool Aborted);
