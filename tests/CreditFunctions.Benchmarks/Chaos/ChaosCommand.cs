using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.LocalHost.LocalDev;
using CreditFunctions.Payments;

namespace CreditFunctions.Benchmarks.Chaos;

/// <summary>
/// <c>chaos</c>: N credit notes across T tenants into the local host running as its own process, against a ledger
/// simulator running as another (<c>--ledger xero|myob|quickbooks</c>, default xero), while the host is killed with
/// SIGKILL at random moments and started again. With them go <c>--payments</c> payments (100.00 each, on invoices of
/// 1,000.00 seeded in the ledger first) and <c>--refunds</c> cash refunds of credit notes (10.00 of a 110.00 credit).
/// Every webhook is delivered until it gets a 202 (as the contract asks of the sender). At the end it counts, in the
/// ledger, each note's copies, and reads each paid invoice's amount due and each refunded credit's remaining credit: a
/// payment or refund posted twice shows as too little left, a lost one as too much. Duplicates and lost must both be 0. MYOB and QuickBooks connections get their tokens the way the run command gives them (LocalDev, reusing the
/// simulator this command started).
/// </summary>
internal static class ChaosCommand
{
    private const string Secret = "chaos-webhook-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var notes = BenchmarkArgs.Int(args, "--notes", 200);
        var tenants = BenchmarkArgs.Int(args, "--tenants", 4);
        var kills = BenchmarkArgs.Int(args, "--kills", 5);
        var seed = BenchmarkArgs.Int(args, "--seed", Environment.ProcessId);
        var settleSeconds = BenchmarkArgs.Int(args, "--settle-seconds", 240);
        var payments = BenchmarkArgs.Int(args, "--payments", notes / 2);
        var refunds = Math.Min(notes, BenchmarkArgs.Int(args, "--refunds", notes / 4));
        var ledgerIndex = Array.IndexOf(args, "--ledger");
        var ledgerName = ledgerIndex >= 0 && ledgerIndex + 1 < args.Length ? args[ledgerIndex + 1].ToLowerInvariant() : "xero";
        if (ledgerName is not ("xero" or "myob" or "quickbooks"))
        {
            await Console.Error.WriteLineAsync($"Unknown ledger '{ledgerName}': use --ledger xero, myob or quickbooks.");
            return 2;
        }

        var random = new Random(seed);
        Console.WriteLine($"chaos: {notes} notes, {payments} payments and {refunds} refunds across {tenants} tenants on {ledgerName}, {kills} kills of the app (SIGKILL), seed {seed}");

        await using var azurite = await AzuriteLauncher.EnsureRunningAsync(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        var simulatorPort = FreePort();
        using var simulator = await SimulatorProcess.StartAsync(ledgerName, simulatorPort, latencyMs: 20, CancellationToken.None);
        var ledger = new Uri($"http://127.0.0.1:{simulatorPort}/");
        var appPort = FreePort();
        var hub = "chaos" + Guid.NewGuid().ToString("N")[..10];
        var environment = AppEnvironment(ledgerName, hub, ledger, tenants);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        var books = new ChaosBooks(ledgerName, ledger);
        var invoices = Enumerable.Range(1, payments).Select(i => $"PI-{i:00000}").ToArray();
        await books.SeedInvoicesAsync(invoices, InvoiceTotal);
        var app = await StartAppAsync(appPort, environment);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var ids = Enumerable.Range(1, notes).Select(i => (Tenant: $"c{i % tenants}", Id: $"chaos-{hub}-{i:00000}")).ToArray();
            var deliveries = ids.Select(n => (n.Tenant, Body: OrderEventWriter.ToUtf8Bytes(Event(n.Id))))
                .Concat(invoices.Select((invoice, i) => ($"c{i % tenants}", MoneyEventWriter.ToUtf8Bytes(Payment($"pay-{hub}-{i:00000}", invoice)))))
                .Concat(ids.Take(refunds).Select(n => (n.Tenant, MoneyEventWriter.ToUtf8Bytes(Refund($"rfd-{n.Id}", n.Id)))))
                .ToArray();
            var sending = SendAllAsync(http, deliveries);
            var killed = 0;
            while (killed < kills)
            {
                // The chaos itself: the next kill comes at a random moment, 1 to 6 s on (seeded, so a run can be repeated).
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_000, 6_000)));
                AppDown();
                app.Kill(entireProcessTree: true); // SIGKILL: no drain, no goodbye
                await app.WaitForExitAsync();
                app.Dispose();
                killed++;
                Console.WriteLine($"  kill {killed} at {stopwatch.Elapsed.TotalSeconds:0.0} s; {Sent} of {deliveries.Length} events acknowledged so far");
                app = await StartAppAsync(appPort, environment);
            }

            await sending;
            Console.WriteLine($"  all {deliveries.Length} events acknowledged at {stopwatch.Elapsed.TotalSeconds:0.0} s; waiting up to {settleSeconds} s for the ledger");
            var deadline = TimeSpan.FromSeconds(settleSeconds);
            var (duplicates, lost) = await SettleAsync(ledgerName, ledger, ids.Select(i => i.Id).ToArray(), deadline);
            var paid = await books.SettleAsync(invoices, number => books.AmountDueAsync(number), InvoiceTotal - PaymentAmount, deadline - stopwatch.Elapsed);
            var refunded = await books.SettleAsync(ids.Take(refunds).Select(n => Number(n.Id)).ToArray(), number => books.RemainingCreditAsync(number), NoteTotal - RefundAmount, deadline - stopwatch.Elapsed);
            Console.WriteLine($"credit notes: {notes}  duplicates: {duplicates}  lost: {lost}");
            Console.WriteLine($"payments: {payments}  duplicates: {paid.Duplicates}  lost: {paid.Lost}");
            Console.WriteLine($"refunds: {refunds}  duplicates: {refunded.Duplicates}  lost: {refunded.Lost}");
            Console.WriteLine($"kills: {killed}  elapsed: {stopwatch.Elapsed.TotalSeconds:0.0} s");
            return duplicates + lost + paid.Duplicates + paid.Lost + refunded.Duplicates + refunded.Lost == 0 ? 0 : 1;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            app.Dispose();
            await SimulatorProcess.StopAsync(simulator);
        }
    }

    private static int _sent;

    // Completed while the app is up; a sender whose delivery failed waits on it instead of sleeping and guessing.
    private static TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void AppDown() => Interlocked.Exchange(ref _up, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static int Sent => Volatile.Read(ref _sent);

    /// <summary>Sends every event, 8 at a time, each again and again until it is acknowledged (202).</summary>
    private static async Task SendAllAsync(HttpClient http, (string Tenant, byte[] Body)[] deliveries) =>
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (delivery, ct) =>
        {
            var body = delivery.Body;
            while (true)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"api/tenants/{delivery.Tenant}/events")
                    {
                        Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                    };
                    request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(Secret, TimeProvider.System.GetUtcNow(), body));
                    using var response = await http.SendAsync(request, ct);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref _sent);
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The app is down (killed): deliver again once it is back, as an order system would.
                    await Volatile.Read(ref _up).Task.WaitAsync(ct);
                }
            }
        });

    private static async Task<(int Duplicates, int Lost)> SettleAsync(string ledgerName, Uri ledger, string[] ids, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = ledger };
        var deadline = Stopwatch.StartNew();
        // The ledger is another process: its state is read every 2 s until nothing is missing or the deadline passes.
        using var poll = new PeriodicTimer(TimeSpan.FromSeconds(2));
        int duplicates, lost;
        do
        {
            duplicates = 0;
            lost = 0;
            foreach (var id in ids)
            {
                var documents = ledgerName == "quickbooks" ? "credit-memos" : "credit-notes";
                var found = JsonNode.Parse(await http.GetStringAsync($"_sim/{documents}?number={Number(id)}")) as JsonArray;
                var count = found?.Count ?? 0;
                duplicates += count > 1 ? 1 : 0;
                lost += count == 0 ? 1 : 0;
            }

            if (lost == 0)
            {
                break;
            }
        }
        while (deadline.Elapsed < timeout && await poll.WaitForNextTickAsync());

        return (duplicates, lost);
    }

    private static async Task<Process> StartAppAsync(int port, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocalHostAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The local host exited with {process.ExitCode} while starting."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Volatile.Read(ref _up).TrySetResult();
        return process;
    }

    /// <summary>hosts/local's own build output (beside its runtimeconfig, host.json and functions.metadata), same configuration as this build.</summary>
    private static string LocalHostAssembly()
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run from the repository.");
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(root, "hosts", "local", "bin", framework.Parent!.Name, framework.Name, "CreditFunctions.LocalHost.dll");
    }

    private static Dictionary<string, string> AppEnvironment(string ledgerName, string hub, Uri ledger, int tenants)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Chaos",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["LocalDev__Enabled"] = "false",
            ["Workflow__TablePrefix"] = hub,
            ["DurableTask__HubName"] = hub,
            ["FunctionsHosting__QueueNamePrefix"] = hub + "-",
            ["Xero__ApiBaseUrl"] = new Uri(ledger, "api.xro/2.0/").ToString(),
            ["Xero__IdentityBaseUrl"] = ledger.ToString(),
            ["Xero__ConnectionsUrl"] = new Uri(ledger, "connections").ToString(),
            ["Xero__Grant"] = "ClientCredentials",
            ["Xero__ClientId"] = XeroDemo.ClientId,
            ["Xero__ClientSecret"] = XeroDemo.ClientSecret,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information", // "Application started": the start signal
        };
        var (kind, ledgerTenantId) = ledgerName switch
        {
            "myob" => ("Myob", MyobDemo.CompanyFileId.ToString()),
            "quickbooks" => ("QuickBooks", QuickBooksDemo.RealmId),
            _ => ("Xero", XeroDemo.TenantId.ToString()),
        };
        if (ledgerName == "myob")
        {
            environment["Myob__ApiBaseUrl"] = new Uri(ledger, "accountright/").ToString();
            environment["Myob__TokenUrl"] = new Uri(ledger, "oauth2/v1/authorize").ToString();
            environment["Myob__ClientId"] = MyobDemo.ApiKey;
            environment["Myob__ClientSecret"] = MyobDemo.ApiSecret;
            environment["Myob__AccountCodes__200"] = MyobDemo.IncomeAccount;
            environment["Myob__RefundAccount"] = MyobDemo.BankAccount;
            environment["Myob__PaymentAccount"] = MyobDemo.BankAccount;
        }
        else if (ledgerName == "quickbooks")
        {
            environment["QuickBooks__ApiBaseUrl"] = ledger.ToString();
            environment["QuickBooks__TokenUrl"] = new Uri(ledger, "oauth2/v1/tokens/bearer").ToString();
            environment["QuickBooks__ClientId"] = QuickBooksDemo.ClientId;
            environment["QuickBooks__ClientSecret"] = QuickBooksDemo.ClientSecret;
            environment["QuickBooks__RefundFromAccountId"] = "35"; // the simulator's bank and A/R accounts (docs/quickbooks.md)
            environment["QuickBooks__ReceivableAccountId"] = "84";
        }

        if (ledgerName != "xero")
        {
            // Tokens as the run command gives them: LocalDev reuses the simulator already listening at the URL (this
            // command's) and, once the app is up, stores tokens its control API mints. Nothing else of LocalDev runs.
            environment["LocalDev__Enabled"] = "true";
            environment["LocalDev__StartAzurite"] = "false";
            environment["LocalDev__StartXeroSimulator"] = "false";
            environment["LocalDev__StartMyobSimulator"] = (ledgerName == "myob").ToString();
            environment["LocalDev__MyobSimulatorUrl"] = ledger.ToString();
            environment["LocalDev__StartQuickBooksSimulator"] = (ledgerName == "quickbooks").ToString();
            environment["LocalDev__QuickBooksSimulatorUrl"] = ledger.ToString();
        }

        for (var t = 0; t < tenants; t++)
        {
            environment[$"Tenants__c{t}__WebhookSecret"] = Secret;
            environment[$"Tenants__c{t}__ApiKey"] = $"chaos-api-key-{t}";
            environment[$"Tenants__c{t}__Connections__0__Id"] = $"{hub}-c{t}-{ledgerName}";
            environment[$"Tenants__c{t}__Connections__0__Ledger"] = kind;
            environment[$"Tenants__c{t}__Connections__0__LedgerTenantId"] = ledgerTenantId;
        }

        return environment;
    }

    /// <summary>The note's number in the ledger: fits MYOB's 13 characters and QuickBooks's 21 (the simulator is fresh each run).</summary>
    private static string Number(string id) => "CN-" + id[^5..];

    private const decimal InvoiceTotal = 1_000.00m;
    private const decimal PaymentAmount = 100.00m;
    private const decimal NoteTotal = 110.00m;
    private const decimal RefundAmount = 10.00m;
    private static readonly DateOnly ChaosDate = new(2026, 11, 20);
    private static readonly CreditNoteContact Customer = new("cust_42", "Cafe Luna", "accounts@cafeluna.example");

    private static MoneyEvent Payment(string id, string invoiceNumber) =>
        new("evt_" + id, MoneyEventType.PaymentCreated, TimeProvider.System.GetUtcNow(), MoneyDocumentKind.Payment, id,
            new PaymentDocument(id, CreditNoteKind.Receivable, Customer, ChaosDate, "AUD", PaymentAmount, invoiceNumber, null, "chaos"), null);

    /// <summary>A cash refund of part of note <paramref name="creditNoteId"/>'s credit (it waits for the note to sync).</summary>
    private static MoneyEvent Refund(string id, string creditNoteId) =>
        new("evt_" + id, MoneyEventType.RefundCreated, TimeProvider.System.GetUtcNow(), MoneyDocumentKind.Refund, id,
            new RefundDocument(id, CreditNoteKind.Receivable, Customer, ChaosDate, "AUD", RefundAmount, RefundOf.CreditNote(creditNoteId), null, "chaos", null), null);

    private static OrderEvent Event(string id)
    {
        const decimal net = 100.00m;
        const decimal tax = 10.00m;
        var note = new CreditNote(
            Id: id, Version: 1, Number: Number(id), Kind: CreditNoteKind.Receivable, Date: new DateOnly(2026, 11, 20), Currency: "AUD",
            Contact: new CreditNoteContact("cust_42", "Cafe Luna", "accounts@cafeluna.example"), AmountsAre: AmountsAre.Exclusive,
            Lines: [new CreditNoteLine("Damaged beans", 1m, net, "200", "OUTPUT", tax, net)],
            Subtotal: net, TotalTax: tax, Total: net + tax, Reference: "chaos", Allocations: []);
        return new OrderEvent("evt_" + id, OrderEventType.CreditNoteCreated, TimeProvider.System.GetUtcNow(), note);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
