namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>Polls a condition of the running app (a table row, an alert, a queue count) until it holds or time runs out.</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await ticker.WaitForNextTickAsync();
        }

        throw new TimeoutException($"Timed out waiting for {what}.");
    }

    public static Task HoldsAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        HoldsAsync<object>(async () => await probe() ? new object() : null, what, timeout);

    public static Task HoldsAsync(Func<bool> probe, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(probe()), what, timeout);
}
