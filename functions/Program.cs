using Azure.Monitor.OpenTelemetry.Exporter;
using CreditFunctions.Functions;
using CreditFunctions.Functions.Diagnostics;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCreditFunctions(builder.Configuration);

// The worker's defaults make each invocation a span under the host's trace (the webhook's request), so intake's
// traceparent, and with it every ledger call of the document, joins the trace the host started.
// Logs are kept whether or not their trace is sampled: the workbook's late and failed lists and latency percentiles read
// every alert and confirmation line (docs/telemetry.md).
builder.Services.AddCreditFunctionsTelemetry(builder.Configuration, (telemetry, credential) =>
    telemetry.UseFunctionsWorkerDefaults().UseAzureMonitorExporter(exporter =>
    {
        exporter.Credential = credential;
        exporter.EnableTraceBasedLogsSampler = false;
    }));
await builder.Build().RunAsync();
