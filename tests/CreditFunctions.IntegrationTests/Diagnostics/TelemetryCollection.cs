namespace CreditFunctions.IntegrationTests.Diagnostics;

/// <summary>
/// The tests that observe the process's spans or switch on an OpenTelemetry exporter run one after another: a test
/// app's tracer provider listens to every ActivitySource in the process, so it would sample and shape the spans of
/// another test's app (seen: the webhook-trace assertion failing while the export test's app ran beside it).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
