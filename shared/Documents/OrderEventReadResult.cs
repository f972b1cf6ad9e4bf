using System.Diagnostics.CodeAnalysis;
using CreditFunctions.Payments;

namespace CreditFunctions.Documents;

/// <summary>
/// What <see cref="OrderEventReader.Read"/> found: a valid credit-note event (<see cref="Event"/>), a valid money event
/// (<see cref="Money"/>, docs/payments.md), or the problem with the body.
/// </summary>
public sealed class OrderEventReadResult
{
    private OrderEventReadResult(OrderEvent? orderEvent, MoneyEvent? money, ValidationProblem? problem)
    {
        Event = orderEvent;
        Money = money;
        Problem = problem;
    }

    /// <summary>The accepted credit-note event, when the body is one.</summary>
    public OrderEvent? Event { get; }

    /// <summary>The accepted money event (payment, refund, overpayment, customer credit, supplier deposit), when the body is one.</summary>
    public MoneyEvent? Money { get; }

    /// <summary>Every problem found; set exactly when not <see cref="Succeeded"/>.</summary>
    public ValidationProblem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    internal static OrderEventReadResult Ok(OrderEvent orderEvent) => new(orderEvent, null, null);

    internal static OrderEventReadResult Ok(MoneyEvent money) => new(null, money, null);

    internal static OrderEventReadResult Invalid(ValidationProblem problem) => new(null, null, problem);
}
