using CreditFunctions.Workflow;

namespace CreditFunctions.Tests.Workflow;

/// <summary>
/// Given(events) / When(command) / Then(events) for <see cref="SyncDecider"/>. Events are compared as JSON,
/// so lists inside them compare by content.
/// </summary>
internal sealed class DeciderSpec
{
    private DeciderSpec(SyncState state) => State = state;

    /// <summary>The state built from the given events (and, after <see cref="When"/>, the decided ones).</summary>
    public SyncState State { get; private set; }

    public IReadOnlyList<SyncEvent> Decided { get; private set; } = [];

    public static DeciderSpec Given(params SyncEvent[] events) => new(SyncDecider.EvolveAll(SyncState.Initial, events));

    public static DeciderSpec Given(SyncState state) => new(state);

    public DeciderSpec When(SyncCommand command)
    {
        var before = SyncStateJson.Serialize(State);
        Decided = SyncDecider.Decide(State, command);
        Assert.Equal(before, SyncStateJson.Serialize(State)); // Decide never changes the state it is given
        State = SyncDecider.EvolveAll(State, Decided);
        return this;
    }

    public DeciderSpec Then(params SyncEvent[] expected)
    {
        Assert.Equal(expected.Select(SyncStateJson.Serialize), Decided.Select(SyncStateJson.Serialize));
        return this;
    }

    public DeciderSpec ThenNothing() => Then();

    /// <summary>The decided event of type <typeparamref name="T"/> (exactly one).</summary>
    public T Single<T>()
        where T : SyncEvent => Assert.Single(Decided.OfType<T>());

    public static InvalidOperationException ThrowsWhen(SyncState state, SyncCommand command) =>
        Assert.Throws<InvalidOperationException>(() => SyncDecider.Decide(state, command));
}
