using CreditFunctions.LocalHost.LocalDev;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run: reused when something already listens on its ports, otherwise started
/// (npm ci first if needed) and stopped when the test process exits. Tests never skip for want of Azurite.
/// </summary>
public static class SharedAzurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteLauncher.AzuriteHandle? _handle;

    public static async Task EnsureRunningAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _handle ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<AzuriteLauncher.AzuriteHandle> StartAsync()
    {
        var handle = await AzuriteLauncher.EnsureRunningAsync(NullLogger.Instance, CancellationToken.None);
        if (handle.StartedHere)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => handle.Kill();
        }

        return handle;
    }
}

/// <summary>Class fixture: makes sure Azurite is up before a test class runs.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public string ConnectionString => SharedAzurite.ConnectionString;

    public Task InitializeAsync() => SharedAzurite.EnsureRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
