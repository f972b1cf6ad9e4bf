using System.Diagnostics;
using System.IO.Compression;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// Runs the documented publish command once per test run, with every output (build, publish, package, zip) in a
/// temporary folder, and extracts the zip the way a deployment would.
/// </summary>
public sealed class DeployPackageFixture : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    public string WorkFolder { get; } = Path.Combine(Path.GetTempPath(), "cf-deploy-" + Guid.NewGuid().ToString("N"));

    public string ZipPath => Path.Combine(WorkFolder, "creditfunctions.zip");

    /// <summary>The zip's contents, extracted.</summary>
    public string PackageRoot => Path.Combine(WorkFolder, "extracted");

    public string PublishLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkFolder);
        var repoRoot = global::CreditFunctions.App.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The same arguments as scripts/publish.sh, plus temp-folder outputs and no lingering build servers.
        foreach (var argument in new[]
        {
            "publish", "functions/CreditFunctions.App.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained", "true",
            "-p:DeployPackage=true", $"-p:DeployDir={Path.Combine(WorkFolder, "deploy")}/", $"-p:DeployZip={ZipPath}",
            "--artifacts-path", Path.Combine(WorkFolder, "build"), "--disable-build-servers", "-nologo",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Inherited MSBuild variables from the test host would point the child build at the wrong SDK pieces.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        try
        {
            await publish.WaitForExitAsync().WaitAsync(PublishTimeout);
        }
        catch (TimeoutException)
        {
            publish.Kill(entireProcessTree: true);
            throw;
        }

        PublishLog = await output + await error;
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + PublishLog);
        }

        await ZipFile.ExtractToDirectoryAsync(ZipPath, PackageRoot);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(WorkFolder, recursive: true);
        return Task.CompletedTask;
    }
}
