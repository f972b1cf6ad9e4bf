namespace CreditFunctions.App.Hosting;

/// <summary>
/// One function as declared by its <c>&lt;Name&gt;/function.json</c> (the folder name is the function name:
/// azure-platform.md §1.1). A closed hierarchy: HTTP, queue or timer.
/// </summary>
public abstract record FunctionDefinition(string Name, string TriggerBindingName);

/// <summary>An HTTP-in/HTTP-out function, forwarded by the host to <c>/{routePrefix}/{Route}</c> (azure-platform.md §1.2 a').</summary>
public sealed record HttpFunction(string Name, string TriggerBindingName, IReadOnlyList<string> Methods, string Route, string OutputBindingName)
    : FunctionDefinition(Name, TriggerBindingName);

/// <summary>A storage-queue function; <see cref="Connection"/> names the app setting holding the storage connection.</summary>
public sealed record QueueFunction(string Name, string TriggerBindingName, string QueueName, string Connection)
    : FunctionDefinition(Name, TriggerBindingName);

/// <summary>A timer function on a six-field NCRONTAB schedule (seconds first).</summary>
public sealed record TimerFunction(string Name, string TriggerBindingName, string Schedule, bool RunOnStartup, bool UseMonitor)
    : FunctionDefinition(Name, TriggerBindingName);
