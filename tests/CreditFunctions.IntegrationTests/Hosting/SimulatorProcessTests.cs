using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CreditFunctions.LocalHost.LocalDev;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The run command's standalone simulators (tests/LedgerSimulators.Host <c>--ledger</c>): each ledger in a process of its
/// own with the README example's demo data, demo tokens minted through its control API the way the local host seeds its
/// connections, and stopped by process id.
/// </summary>
public sealed class SimulatorProcessTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_MYOB_simulator_runs_as_its_own_process_with_the_demo_company_file_and_mints_tokens_that_open_it()
    {
        var port = FreePort();
        using var process = await SimulatorProcess.StartAsync("myob", port, latencyMs: 0, None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var tokens = await SimulatorTokens.MyobAsync(http, http.BaseAddress, "creditfunctions-local-myob", "8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12", DateTimeOffset.UtcNow, None);
            using var request = new HttpRequestMessage(HttpMethod.Get, "accountright/8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12/Contact/Customer?$filter=DisplayID eq 'cust_42'");
            request.Headers.Authorization = new("Bearer", tokens.AccessToken);
            request.Headers.Add("x-myobapi-key", "creditfunctions-local-myob");
            request.Headers.Add("x-myobapi-version", "v2");
            using var customers = await http.SendAsync(request);
            var invoice = JsonNode.Parse(await http.GetStringAsync("_sim/tenants/8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12/invoices?number=INV-0001"))!;

            Assert.Equal(HttpStatusCode.OK, customers.StatusCode);
            Assert.Contains("3e7c52a1-9b04-4d6f-a8e2-61f0c4b9d357", await customers.Content.ReadAsStringAsync(), StringComparison.Ordinal); // MyobDemo.ExampleCustomerId
            Assert.Equal(1_000m, (decimal)invoice["BalanceDueAmount"]!);
        }
        finally
        {
            await SimulatorProcess.StopAsync(process);
        }

        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task The_QuickBooks_simulator_runs_as_its_own_process_with_the_demo_company_and_mints_tokens_that_open_it()
    {
        var port = FreePort();
        using var process = await SimulatorProcess.StartAsync("quickbooks", port, latencyMs: 0, None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var tokens = await SimulatorTokens.QuickBooksAsync(http, http.BaseAddress, "creditfunctions-local-qbo", "9130357766900010", DateTimeOffset.UtcNow, None);
            using var request = new HttpRequestMessage(HttpMethod.Get, "v3/company/9130357766900010/query?minorversion=75&query=" + Uri.EscapeDataString("select * from Invoice where DocNumber = 'INV-0001'"));
            request.Headers.Authorization = new("Bearer", tokens.AccessToken);
            request.Headers.Accept.Add(new("application/json"));
            using var answer = await http.SendAsync(request);
            var invoice = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["QueryResponse"]!["Invoice"]![0]!;

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            // The demo customer's Id is the same on every start (the first the company hands out), so a mapping the app cached
            // in LedgerContacts stays right when the simulator restarts.
            Assert.Equal((1_000m, "100"), ((decimal)invoice["Balance"]!, (string?)invoice["CustomerRef"]!["value"]));
        }
        finally
        {
            await SimulatorProcess.StopAsync(process);
        }

        Assert.True(process.HasExited);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
