using System.Globalization;
using System.Runtime.InteropServices;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.LedgerSimulators.Xero;

// One ledger simulator on its own: --ledger xero|myob|quickbooks (default xero), --port (default 7081, 7082 or 7083 by
// ledger), --demo (seed the run command's demo organisation / company file / company with the README example's customer
// and invoice INV-0001), --latency-ms (default 0). Stops on Ctrl+C, SIGTERM or SIGQUIT.
var ledger = "xero";
int? port = null;
var demo = false;
var latencyMs = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ledger" when i + 1 < args.Length:
            ledger = args[++i].ToLowerInvariant();
            break;
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
            await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Use --ledger xero|myob|quickbooks, --port N, --demo, --latency-ms N.");
            return 2;
    }
}

if (ledger is not ("xero" or "myob" or "quickbooks"))
{
    await Console.Error.WriteLineAsync($"Unknown ledger '{ledger}'. Use --ledger xero, myob or quickbooks.");
    return 2;
}

// SIGINT (Ctrl+C), SIGTERM and SIGQUIT stop the process. Registered here because the simulator's embedded web host
// would otherwise take SIGTERM for itself (its console lifetime cancels the default exit) and the process would stay.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);

var url = $"http://127.0.0.1:{port ?? ledger switch { "myob" => 7082, "quickbooks" => 7083, _ => 7081 }}";
var latency = TimeSpan.FromMilliseconds(latencyMs);
await using IAsyncDisposable simulator = ledger switch
{
    "myob" => await StartMyobAsync(url, demo, latency, stop.Token),
    "quickbooks" => await StartQuickBooksAsync(url, demo, latency, stop.Token),
    _ => await StartXeroAsync(url, demo, latency, stop.Token),
};

// The run command (hosts/local LocalDev/SimulatorProcess) waits for this line.
Console.WriteLine($"{ledger} simulator listening on {url}/ (control API: /_sim; demo: {demo}; process {Environment.ProcessId})");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: dispose the simulator and exit 0.
}

return 0;

static async Task<IAsyncDisposable> StartXeroAsync(string url, bool demo, TimeSpan latency, CancellationToken cancellationToken)
{
    var options = demo ? XeroSimulatorOptions.WithDemo(url) : new XeroSimulatorOptions { Url = url };
    options.BaseLatency = latency;
    var simulator = await XeroSimulator.StartAsync(options, cancellationToken);
    if (demo)
    {
        XeroDemo.SeedReadmeExample(simulator);
    }

    return simulator;
}

static async Task<IAsyncDisposable> StartMyobAsync(string url, bool demo, TimeSpan latency, CancellationToken cancellationToken)
{
    // Demo: API key creditfunctions-local-myob / simulator-only-secret consented to the demo company file (MyobDemo).
    var options = demo ? MyobSimulatorOptions.WithDemo(url) : new MyobSimulatorOptions { Url = url };
    options.BaseLatency = latency;
    var simulator = await MyobSimulator.StartAsync(options, cancellationToken);
    if (demo)
    {
        MyobDemo.SeedReadmeExample(simulator);
    }

    return simulator;
}

static async Task<IAsyncDisposable> StartQuickBooksAsync(string url, bool demo, TimeSpan latency, CancellationToken cancellationToken)
{
    // Demo: client creditfunctions-local-qbo / simulator-only-secret connected to realm 9130357766900010 (QuickBooksDemo).
    var options = demo ? QuickBooksSimulatorOptions.WithDemo(url) : new QuickBooksSimulatorOptions { Url = url };
    options.BaseLatency = latency;
    var simulator = await QuickBooksSimulator.StartAsync(options, cancellationToken);
    if (demo)
    {
        QuickBooksDemo.SeedReadmeExample(simulator);
    }

    return simulator;
}
