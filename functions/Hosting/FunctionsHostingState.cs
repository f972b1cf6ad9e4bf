namespace CreditFunctions.App.Hosting;

/// <summary>The mode chosen at start-up, for code that must behave differently (e.g. health reporting).</summary>
public sealed record FunctionsHostingState(FunctionsHostingMode Mode);
