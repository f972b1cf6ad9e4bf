using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace CreditFunctions.IntegrationTests.Hosting.Bicep;

/// <summary>
/// The Bicep CLI from package Azure.Bicep.CommandLine.linux-x64 (a PackageReference of this project; the build records
/// where NuGet put it). Compiles infra/main.bicep once per test run: it takes seconds.
/// </summary>
internal static class BicepCli
{
    private static readonly Lock Gate = new();
    private static Task<JsonDocument>? _main;

    /// <summary>main.bicep compiled once for all tests that read it.</summary>
    public static Task<JsonDocument> MainTemplateAsync()
    {
        lock (Gate)
        {
            return _main ??= BuildAsync("infra/main.bicep");
        }
    }

    public static string Path => typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value ?? throw new InvalidOperationException("No BicepCli metadata: restore the test project.");

    /// <summary>ARM JSON of <paramref name="file"/> (relative to the repository); any error or linter warning fails.</summary>
    public static Task<JsonDocument> BuildAsync(string file) => RunAsync("build", file);

    /// <summary>A .bicepparam file built against the template it names: <c>{parametersJson, templateJson}</c>.</summary>
    public static Task<JsonDocument> BuildParamsAsync(string file) => RunAsync("build-params", file);

    private static async Task<JsonDocument> RunAsync(string command, string file)
    {
        var root = global::CreditFunctions.LocalHost.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        if (!OperatingSystem.IsWindows())
        {
            // A package's files may arrive without the execute bit, depending on how NuGet extracted them.
            File.SetUnixFileMode(Path, File.GetUnixFileMode(Path) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(Path, [command, file, "--stdout"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var diagnostics = (await errors).Trim();
        if (process.ExitCode != 0 || diagnostics.Length > 0)
        {
            throw new InvalidOperationException($"bicep {command} {file} exited {process.ExitCode}:\n{diagnostics}");
        }

        return JsonDocument.Parse(await output);
    }
}
