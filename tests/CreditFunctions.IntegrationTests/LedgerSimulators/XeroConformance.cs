using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.AspNetCore.WebUtilities;

namespace CreditFunctions.IntegrationTests.LedgerSimulators;

/// <summary>
/// Validates every exchange a simulator sees against Xero's OpenAPI description and records the violations.
/// Attach it to any simulator (the simulator's own tests, the adapter's, end-to-end) and assert at the end:
/// <code>
/// var conformance = await XeroConformance.AttachAsync(simulator);
/// … exercise …
/// conformance.AssertNoViolations();
/// </code>
/// </summary>
public sealed class XeroConformance : IXeroTrafficObserver, IDisposable
{
    private readonly XeroOpenApiValidator _validator;
    private readonly Lock _gate = new();
    private readonly List<string> _violations = [];
    private IDisposable? _subscription;
    private int _checked;

    private XeroConformance(XeroOpenApiValidator validator) => _validator = validator;

    /// <summary>How many Accounting API exchanges were checked.</summary>
    public int ExchangesChecked => Volatile.Read(ref _checked);

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public static async Task<XeroConformance> AttachAsync(XeroSimulator simulator)
    {
        var conformance = new XeroConformance(await XeroOpenApiValidator.SharedAsync());
        conformance._subscription = simulator.Observe(conformance);
        return conformance;
    }

    public void OnExchange(XeroExchange exchange)
    {
        if (!exchange.Path.StartsWith("/api.xro/2.0/", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var query = QueryHelpers.ParseQuery(exchange.QueryString).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var violations = _validator.ValidateExchange(
            exchange.Method,
            exchange.Path,
            query,
            exchange.RequestHeaders,
            exchange.RequestBody,
            exchange.Aborted && exchange.ResponseContentType is null ? null : exchange.StatusCode,
            exchange.ResponseContentType,
            exchange.ResponseBody);
        Interlocked.Increment(ref _checked);
        if (violations.Count > 0)
        {
            lock (_gate)
            {
                _violations.AddRange(violations);
            }
        }
    }

    public void AssertNoViolations()
    {
        var violations = Violations;
        Assert.True(violations.Count == 0, "Traffic that does not conform to Xero's OpenAPI description:\n" + string.Join("\n", violations.Take(20)));
    }

    public void Dispose() => _subscription?.Dispose();
}
