using System.Globalization;
using CreditFunctions.LedgerSimulators.Xero;

// The Xero simulator on its own: --port (default 7081), --demo (seed the run command's demo organisation, its
// customer cust_42 and invoice INV-0001), --latency-ms (default 0). Stops on Ctrl+C or SIGTERM.
var port = 7081;
var demo = false;
var latencyMs = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--latency-ms" when i + 1 < args.Length:
            latencyMs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--demo":
            demo = true;
            break;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Use --port N, --demo, --latency-ms N.");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var url = $"http://127.0.0.1:{port}";
var options = demo ? XeroSimulatorOptions.WithDemo(url) : new XeroSimulatorOptions { Url = url };
options.BaseLatency = TimeSpan.FromMilliseconds(latencyMs);
await using var simulator = await XeroSimulator.StartAsync(options, stop.Token);
if (demo)
{
    XeroDemo.SeedReadmeExample(simulator);
}

Console.WriteLine($"Xero simulator listening on {simulator.BaseAddress} (control API: /_sim; demo organisation: {demo})");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: dispose the simulator and exit 0.
}

return 0;
