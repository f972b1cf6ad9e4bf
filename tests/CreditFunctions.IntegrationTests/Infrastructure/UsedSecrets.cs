using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Every secret the test process handed an app or saw an app keep: settings whose name says secret (webhook signing
/// secrets, API keys, client secrets, company-file credentials), and every access and refresh token an app stored
/// (the simulators issue them; the app's <see cref="ISecretStore"/> is wrapped to see each write). The secret scan
/// looks for each in the captured logs.
/// </summary>
public static partial class UsedSecrets
{
    /// <summary>Shorter values would match by chance (ids, numbers); no real secret or token is this short.</summary>
    private const int MinLength = 8;

    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);

    /// <summary>Secret value → where it came from (a setting name, or "token from store write").</summary>
    public static IReadOnlyDictionary<string, string> All => Values;

    public static void Add(string value, string source)
    {
        if (value.Length >= MinLength)
        {
            Values.TryAdd(value, source);
        }
    }

    public static void AddSettings(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            if (value is not null && SecretSetting().IsMatch(key))
            {
                Add(value, "setting " + key);
            }
        }
    }

    /// <summary>Wraps the app's token store so every token it writes is known (applied after the app's own registrations).</summary>
    public static void RecordStoredTokens(IServiceCollection services)
    {
        foreach (var real in services.Where(d => d.ServiceType == typeof(ISecretStore) && !d.IsKeyedService).ToList())
        {
            services.Remove(real);
            services.AddSingleton<ISecretStore>(sp => new RecordingSecretStore(
                real.ImplementationFactory is { } factory
                    ? (ISecretStore)factory(sp)
                    : real.ImplementationInstance as ISecretStore ?? (ISecretStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
        }
    }

    /// <summary>String values of the properties named for a token (access_token, RefreshToken, ...), anywhere in a stored JSON document.</summary>
    private static void AddTokens(string stored)
    {
        try
        {
            using var document = JsonDocument.Parse(stored);
            Walk(document.RootElement);
        }
        catch (JsonException)
        {
            Add(stored, "stored secret");
        }
    }

    private static void Walk(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item);
            }
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && TokenProperty().IsMatch(property.Name))
            {
                Add(property.Value.GetString()!, "stored token");
            }

            Walk(property.Value);
        }
    }

    /// <summary>A token's own property, not its expiry or type.</summary>
    [GeneratedRegex(@"token$", RegexOptions.IgnoreCase)]
    private static partial Regex TokenProperty();

    [GeneratedRegex(@"(Secret|ApiKey|Password|Credentials)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSetting();

    /// <summary>The store the app configured, under the recording wrapper the test app adds.</summary>
    public static ISecretStore Unwrap(ISecretStore store) => store is RecordingSecretStore recording ? recording.Inner : store;

    private sealed class RecordingSecretStore(ISecretStore inner) : ISecretStore
    {
        public ISecretStore Inner => inner;

        public Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

        public Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken)
        {
            AddTokens(value);
            return inner.SetAsync(name, value, expectedVersion, cancellationToken);
        }
    }
}
