namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// One function as <c>functions.metadata</c> declares it. A closed hierarchy: HTTP, queue, timer, or a Durable
/// orchestrator or activity.
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

/// <summary>An orchestrator or activity, run by the Durable engine (the Functions extension, or the local engine).</summary>
public sealed record DurableFunction(string Name, string TriggerBindingName, DurableFunctionKind Kind)
    : FunctionDefinition(Name, TriggerBindingName);

public enum DurableFunctionKind
{
    Orchestrator,
    Activity,
}
