using System.Diagnostics;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's chromium for the operator page's browser tests. Playwright's own browser download cannot run here, so the
/// tests drive the system's chromium (Playwright's <c>ExecutablePath</c>) and install it once when it is missing:
/// <c>apt-get install -y chromium</c> under a machine-wide lock (<c>flock</c>), so parallel test processes install it
/// once. <c>CREDITFUNCTIONS_CHROMIUM</c> names another Chromium binary. Where none can be installed the tests fail with
/// one message that says what to do; they never skip.
/// </summary>
public static class SystemChromium
{
    public const string PathVariable = "CREDITFUNCTIONS_CHROMIUM";
    private const string LockFile = "/tmp/creditfunctions-chromium-install.lock";
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _path;

    public static async Task<string> EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _path ??= Find() ?? await InstallAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string? Find() =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured
            ? (File.Exists(configured) ? configured : throw new InvalidOperationException($"{PathVariable} names {configured}, which does not exist."))
            : Candidates.FirstOrDefault(File.Exists);

    private static async Task<string> InstallAsync()
    {
        const string Help = "The operator page's browser tests need Chromium. Install it (Debian/Ubuntu: `apt-get install -y chromium`, as root) "
            + $"or set {PathVariable} to a Chromium binary.";
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get") || !File.Exists("/usr/bin/flock"))
        {
            throw new InvalidOperationException(Help + " This machine has no apt-get to install it with.");
        }

        // Inside the lock the check runs again: another test process may have installed it while this one waited.
        const string Script = "[ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
            + "-o DPkg::Lock::Timeout=600 chromium; }";
        var start = new ProcessStartInfo("/usr/bin/flock", [LockFile, "/bin/sh", "-c", Script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException(Help + " Starting apt-get failed.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(Help + " apt-get did not finish within 15 minutes.");
        }

        var log = (await output + await errors).Trim();
        return process.ExitCode == 0 && Find() is { } installed
            ? installed
            : throw new InvalidOperationException($"{Help} `apt-get install -y chromium` failed (exit {process.ExitCode}): {Tail(log)}");
    }

    private static string Tail(string log) => log.Length <= 1500 ? log : "…" + log[^1500..];
}
