namespace CreditFunctions.Workflow.Runtime;

/// <summary>Randomness for retry jitter, injected so tests can pin it (BannedSymbols forbids Random.Shared outside tests).</summary>
public sealed class WorkflowRandom(Func<double> next)
{
    public double NextDouble() => next();
}
