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
builder.Services.AddCreditFunctionsTelemetry(builder.Configuration, (telemetry, credential) =>
    telemetry.UseFunctionsWorkerDefaults().UseAzureMonitorExporter(exporter => exporter.Credential = credential));
await builder.Build().RunAsync();
