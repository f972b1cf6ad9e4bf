using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log line the apps that tests start write (at Information and above, what a deployment exports by
/// default): message, structured fields, scopes and exception, as text. One provider per app (each app's logger
/// factory hands it that app's scopes); all of them write to <see cref="Suite"/>, shared by every <see cref="TestApp"/>
/// of the test process, so the secret scan (SecretScanTests) reads the whole run's logs so far.
/// </summary>
public sealed class LogCapture(CapturedLogs target) : ILoggerProvider, ISupportExternalScope
{
    private readonly CapturedLogs _target = target;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public static CapturedLogs Suite { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        // The lines stay in the shared store after the app is gone.
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var scopes = new List<KeyValuePair<string, string>>();
            capture._scopes.ForEachScope((scope, list) => list.AddRange(Fields(scope, "scope")), scopes);
            capture._target.Add(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), Fields(state, "state").ToList(), scopes, exception?.ToString()));
        }

        /// <summary>Structured values as the OpenTelemetry exporter would see them, or the whole object's text.</summary>
        private static IEnumerable<KeyValuePair<string, string>> Fields(object? value, string unnamed) => value switch
        {
            null => [],
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(p => new KeyValuePair<string, string>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")),
            _ => [new(unnamed, value.ToString() ?? "")],
        };
    }
}

/// <summary>The lines of every app, in the order they were logged.</summary>
public sealed class CapturedLogs
{
    /// <summary>Enough for a whole suite run; past it the oldest lines go first (a scan then covers the newest).</summary>
    private const int Capacity = 400_000;

    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public void Add(CapturedLog entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }
}

/// <summary>One captured log line: everything about it that an exporter could send somewhere.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    int EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    IReadOnlyList<KeyValuePair<string, string>> Scopes,
    string? Exception)
{
    /// <summary>Every text of the line, each with where it sits (message, field or scope name, exception).</summary>
    public IEnumerable<(string Where, string Text)> Texts()
    {
        yield return ("message", Message);
        foreach (var (key, value) in Fields)
        {
            yield return ("field " + key, value);
        }

        foreach (var (key, value) in Scopes)
        {
            yield return ("scope " + key, value);
        }

        if (Exception is not null)
        {
            yield return ("exception", Exception);
        }
    }

    public bool HasScope(string key) => Scopes.Any(s => s.Key == key);
}
