using Azure.Core;
using Azure.Identity;
using CreditFunctions.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CreditFunctions.Functions.Diagnostics;

/// <summary>
/// OpenTelemetry for the app's traces, metrics and logs, exported to Azure Monitor only when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (in Azure: the Function App setting infra/ writes). Without it
/// nothing is registered and nothing leaves the process; logs go to the host's own providers (the console locally).
/// What is emitted and how Azure Monitor stores it: docs/telemetry.md.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The Functions host's setting for Entra ID ingestion (<c>Authorization=AAD[;ClientId=...]</c>); the exporter follows it.</summary>
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <param name="export">
    /// How the host exports, given the credential to ingest with (null: the connection string's key): the Functions app
    /// uses the Azure Monitor exporter with the worker's defaults; the local host uses the Azure Monitor distro (the
    /// exporter plus ASP.NET Core and HttpClient spans). Both read the connection string from configuration themselves.
    /// </param>
    public static IServiceCollection AddCreditFunctionsTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<OpenTelemetryBuilder, TokenCredential?> export)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (!IsExportEnabled(configuration))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(TelemetryNames.ActivitySource))
            .WithMetrics(metrics => metrics.AddMeter(TelemetryNames.Meter));

        // Scopes carry the tenant and credit note of every workflow line (LogScopes); the exporter turns them into
        // customDimensions only when the logger includes them.
        services.Configure<OpenTelemetryLoggerOptions>(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });
        export(telemetry, IngestionCredential(configuration));
        return services;
    }

    public static bool IsExportEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]);
    }

    /// <summary>
    /// The Application Insights resource infra/ deploys has local authentication off (keys refused): ingestion needs an
    /// Entra token of the app's identity, which holds Monitoring Metrics Publisher (rbac.bicep). The host's own setting
    /// says so; a <c>ClientId</c> in it names a user-assigned identity.
    /// </summary>
    public static TokenCredential? IngestionCredential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = (configuration[AuthenticationSetting] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
