using Azure;
using Azure.Identity;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Health;

/// <summary>
/// Readiness (docs/health.md): one read of the workflow's state table proves storage answers with this instance's
/// identity, then each configured connection's tokens are looked up in the secret store (a table row, or Key Vault),
/// without calling any ledger and without reading out anything but whether they are there. Bounded by
/// <see cref="Timeout"/> so a probe never hangs on a storage outage.
/// </summary>
public sealed partial class ReadinessCheck(
    SyncStore store,
    ISecretStore secrets,
    ITenantDirectory tenants,
    IOptions<XeroOptions> xero,
    ILogger<ReadinessCheck> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // A filter that matches nothing: one cheap round trip that needs the table and the identity's data role.
            await store.Table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq 'readiness'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token)
                .AsPages().FirstAsync(timeout.Token);
            var connections = new List<ConnectionTokenState>();
            foreach (var tenant in tenants.All.OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                foreach (var connection in tenant.Connections)
                {
                    connections.Add(new(tenant.Id, connection.Id, connection.Ledger.ToString(), await TokenStateAsync(connection, timeout.Token)));
                }
            }

            return new ReadinessReport(true, null, connections);
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Status and error code only: messages of storage errors may carry URLs, never worth the risk in a public answer.
            var problem = ex switch
            {
                RequestFailedException failed => $"storage or Key Vault answered {failed.Status} {failed.ErrorCode}".TrimEnd(),
                AuthenticationFailedException => "no token for storage or Key Vault (the app's identity)",
                _ => $"no answer within {Timeout.TotalSeconds:0} s",
            };
            LogNotReady(logger, problem);
            return new ReadinessReport(false, problem, Unknown());
        }
    }

    private async Task<string> TokenStateAsync(TenantConnectionOptions connection, CancellationToken cancellationToken)
    {
        if (connection.Ledger == LedgerKind.Xero && xero.Value.Grant == XeroGrant.ClientCredentials)
        {
            return TokenStates.Connected;
        }

        var stored = await secrets.GetAsync(LedgerTokenNames.For(connection.Ledger, connection.Id), cancellationToken);
        return stored is null ? TokenStates.NeedsReconnect : TokenStates.Connected;
    }

    private List<ConnectionTokenState> Unknown() => tenants.All
        .OrderBy(t => t.Id, StringComparer.Ordinal)
        .SelectMany(t => t.Connections.Select(c => new ConnectionTokenState(t.Id, c.Id, c.Ledger.ToString(), TokenStates.Unknown)))
        .ToList();

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Not ready: {Problem}")]
    private static partial void LogNotReady(ILogger logger, string problem);
}
