using System.Diagnostics.CodeAnalysis;

namespace CreditFunctions.Documents;

/// <summary>What <see cref="OrderEventReader.Read"/> found: a valid event, or the problem with the body.</summary>
public sealed class OrderEventReadResult
{
    private OrderEventReadResult(OrderEvent? orderEvent, ValidationProblem? problem)
    {
        Event = orderEvent;
        Problem = problem;
    }

    /// <summary>The accepted event; set exactly when <see cref="Succeeded"/>.</summary>
    public OrderEvent? Event { get; }

    /// <summary>Every problem found; set exactly when not <see cref="Succeeded"/>.</summary>
    public ValidationProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Event is not null;

    internal static OrderEventReadResult Ok(OrderEvent orderEvent) => new(orderEvent, null);

    internal static OrderEventReadResult Invalid(ValidationProblem problem) => new(null, problem);
}
