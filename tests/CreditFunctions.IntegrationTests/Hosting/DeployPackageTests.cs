using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>The deploy zip: the layout the Functions host needs (azure-platform.md §1.1) and a handler that starts.</summary>
public sealed class DeployPackageTests(DeployPackageFixture package) : IClassFixture<DeployPackageFixture>
{
    private static readonly string RepoRoot =
        global::CreditFunctions.App.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    [Fact]
    public void The_zip_has_host_json_at_its_root_and_a_folder_with_function_json_for_every_function()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot, "host.json")), File.ReadAllText(Path.Combine(package.PackageRoot, "host.json")));
        var expected = Directory.EnumerateDirectories(Path.Combine(RepoRoot, "functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var packaged = Directory.EnumerateDirectories(package.PackageRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(11, expected.Count);
        Assert.Equal(expected, packaged);
        foreach (var name in expected)
        {
            Assert.Equal(
                File.ReadAllText(Path.Combine(RepoRoot, "functions", name!, "function.json")),
                File.ReadAllText(Path.Combine(package.PackageRoot, name!, "function.json")));
        }
    }

    [Fact]
    public void The_handler_is_a_self_contained_executable_at_the_path_host_json_names()
    {
        var executable = ExecutablePath();

        Assert.True(File.Exists(executable), $"{executable} is missing");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), "the handler lost its execute bit in the zip");
        }

        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "libcoreclr.so")), "the runtime is not bundled (not self-contained)");
    }

    [Fact]
    public async Task The_packaged_handler_starts_as_the_host_starts_it_and_answers_at_the_root()
    {
        // The handler creates its tables at start-up, as it would in the Function App's storage account.
        await SharedAzurite.EnsureRunningAsync();
        var port = FreePort();
        var start = new ProcessStartInfo(ExecutablePath())
        {
            WorkingDirectory = WorkingDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = package.PackageRoot;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        TestAppSettings.ApplyTo(start);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = new Process { StartInfo = start };
        handler.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        handler.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The handler exited before listening."));
        handler.EnableRaisingEvents = true;
        Assert.True(handler.Start());
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            using var ready = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    private string ExecutablePath()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.PackageRoot, "host.json")));
        var relative = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        return Path.Combine(package.PackageRoot, relative);
    }

    private string WorkingDirectory()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.PackageRoot, "host.json")));
        return host.RootElement.GetProperty("customHandler").GetProperty("description").TryGetProperty("workingDirectory", out var dir)
            ? Path.Combine(package.PackageRoot, dir.GetString()!)
            : package.PackageRoot;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
