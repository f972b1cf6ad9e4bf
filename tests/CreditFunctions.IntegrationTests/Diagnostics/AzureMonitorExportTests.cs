using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using CreditFunctions.Diagnostics;
using CreditFunctions.Functions.Diagnostics;
using CreditFunctions.IntegrationTests.EndToEnd;
using CreditFunctions.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>
/// What the Azure Monitor exporter really sends for a synced credit note, received by a stand-in ingestion endpoint
/// on 127.0.0.1: the metric under its instrument name with its attributes as properties (customMetrics.name and
/// customDimensions), the confirmation log line with its fields and document scope — even when its trace is sampled out
/// (the distro samples traces at a few a second by default, and the local host's storage polling fills that). The
/// workbook and alert rules rest on exactly this mapping (docs/telemetry.md).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class AzureMonitorExportTests
{
    [Fact]
    public async Task A_synced_credit_note_reaches_the_ingestion_endpoint_under_the_names_the_workbook_queries()
    {
        // The exporter's own usage reports (statsbeat) go to Microsoft's endpoint, not the connection string's: unreachable
        // here, they hold up the export. Only apps with a connection string read it, and only this test gives one.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        await using var ingestion = await Ingestion.StartAsync();
        await using var app = await TestApp.StartAsync(a =>
            a.Settings[TelemetryRegistration.ConnectionStringSetting] =
                $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Address};LiveEndpoint={ingestion.Address}");

        await app.SendAsync(TestEvents.CreditNote("cn_export"));
        await app.WaitForStatusAsync("cn_export", s => TestApp.IsState(s, "synced"));

        // The status turns synced when the state row is written, a moment before the latency is recorded: flush until
        // the confirmation's telemetry has gone out (exports are synchronous, so each flush is complete when it returns).
        await Eventually.HoldsAsync(
            () =>
            {
                app.Services.GetRequiredService<TracerProvider>().ForceFlush();
                app.Services.GetRequiredService<MeterProvider>().ForceFlush();
                app.Services.GetRequiredService<LoggerProvider>().ForceFlush();
                return ingestion.Items.Any(i => BaseType(i) == "MetricData" && MetricName(i) == TelemetryNames.Metrics.SyncLatency)
                    && ingestion.Items.Any(i => BaseType(i) == "MessageData" && Properties(i)[TelemetryNames.LogField.LatencySeconds] is not null);
            },
            "the confirmation's metric and log line at the ingestion endpoint",
            TimeSpan.FromSeconds(30));

        var items = ingestion.Items;
        // The SDK's meter listener hears every app's CreditFunctions meter in the process, so other tests' syncs may add to
        // the count: the names are what matters here.
        var latency = items.Where(i => BaseType(i) == "MetricData" && MetricName(i) == TelemetryNames.Metrics.SyncLatency).ToList();
        Assert.Contains(latency, point => (string?)Properties(point)[TelemetryNames.Dimension.Ledger] == "xero");
        Assert.All(latency, point => Assert.Contains((string?)Properties(point)[TelemetryNames.Dimension.Ledger], TelemetryNames.Dimension.Values[TelemetryNames.Dimension.Ledger]));
        Assert.All(latency, point => Assert.True((int?)point["data"]!["baseData"]!["metrics"]![0]!["count"] >= 1));

        var synced = Assert.Single(items, i => BaseType(i) == "MessageData" && (string?)Properties(i)["EventId"] == TelemetryNames.LogEvent.Synced.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("xero", (string?)Properties(synced)[TelemetryNames.LogField.Ledger]);
        Assert.NotNull(Properties(synced)[TelemetryNames.LogField.LatencySeconds]);
        Assert.Equal("cn_export", (string?)Properties(synced)[TelemetryNames.LogField.CreditNoteId]);
    }

    private static string? BaseType(JsonNode item) => (string?)item["data"]?["baseType"];

    private static string? MetricName(JsonNode item) => (string?)item["data"]!["baseData"]!["metrics"]![0]!["name"];

    private static JsonObject Properties(JsonNode item) => item["data"]!["baseData"]!["properties"]?.AsObject() ?? [];

    /// <summary>Accepts Application Insights' track calls (gzip, one JSON envelope a line) and keeps every envelope.</summary>
    private sealed class Ingestion : IAsyncDisposable
    {
        private readonly WebApplication _server;
        private readonly ConcurrentQueue<JsonNode> _items;

        private Ingestion(WebApplication server, ConcurrentQueue<JsonNode> items)
        {
            _server = server;
            _items = items;
        }

        public IReadOnlyList<JsonNode> Items => [.. _items];

        public string Address => _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

        public static async Task<Ingestion> StartAsync()
        {
            var items = new ConcurrentQueue<JsonNode>();
            var builder = WebApplication.CreateSlimBuilder(TestAppSettings.NoFileWatching);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var server = builder.Build();
            server.MapPost("/v2.1/track", async (HttpRequest request) =>
            {
                Stream body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                    ? new GZipStream(request.Body, CompressionMode.Decompress)
                    : request.Body;
                using var reader = new StreamReader(body);
                var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                foreach (var line in lines)
                {
                    items.Enqueue(JsonNode.Parse(line)!);
                }

                return Results.Json(new { itemsReceived = lines.Length, itemsAccepted = lines.Length, errors = Array.Empty<object>() });
            });
            server.MapFallback(() => Results.Ok());
            await server.StartAsync();
            return new Ingestion(server, items);
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }
}
