using Azure.Identity;
using CreditFunctions.Functions.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CreditFunctions.Tests.Diagnostics;

/// <summary>Export to Azure Monitor only when a connection string is configured; with Entra ID ingestion when the host's setting asks.</summary>
public sealed class TelemetryRegistrationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1/";

    [Fact]
    public void Without_a_connection_string_nothing_is_registered_and_the_exporter_is_never_configured()
    {
        var services = new ServiceCollection();
        var exported = false;

        services.AddCreditFunctionsTelemetry(Configuration(), (_, _) => exported = true);

        Assert.False(exported);
        Assert.Empty(services);
    }

    [Fact]
    public void With_a_connection_string_the_apps_source_and_meter_are_traced_and_the_host_exports()
    {
        var services = new ServiceCollection();
        var exported = false;

        services.AddCreditFunctionsTelemetry(Configuration((TelemetryRegistration.ConnectionStringSetting, ConnectionString)), (_, _) => exported = true);

        Assert.True(exported);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Authorization=AAD", typeof(ManagedIdentityCredential))]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555", typeof(ManagedIdentityCredential))]
    [InlineData("Authorization=Key", null)]
    public void Entra_ingestion_follows_the_hosts_authentication_setting(string? setting, Type? expected)
    {
        var credential = TelemetryRegistration.IngestionCredential(Configuration((TelemetryRegistration.AuthenticationSetting, setting)));

        Assert.Equal(expected, credential?.GetType());
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
