namespace CreditFunctions.App.Hosting;

/// <summary>
/// Chosen once at start-up: <see cref="Functions"/> when the Functions host started us and set
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> (azure-platform.md §1.1); otherwise <see cref="SelfHosted"/>.
/// </summary>
public enum FunctionsHostingMode
{
    SelfHosted,
    Functions,
}
