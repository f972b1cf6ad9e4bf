using Microsoft.Playwright;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// One headless Chromium for the browser tests (<see cref="SystemChromium"/>), driven through Playwright; each test
/// opens its own context, so sessionStorage and cookies never leak between tests. Closed (the browser process with it)
/// when the collection ends.
/// </summary>
public sealed class OperatorBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = await SystemChromium.EnsureInstalledAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container: Chromium's sandbox needs user namespaces it may not have.
            ChromiumSandbox = false,
        });
    }

    /// <summary>A fresh context and page at 1280×900 (the docs' screenshots are taken at this size).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-AU",
            TimezoneId = "UTC",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition("Operator browser")]
public sealed class OperatorBrowserCollection : ICollectionFixture<OperatorBrowser>;
