using CreditFunctions.TestSupport;

namespace CreditFunctions.Tests.TestSupportTests;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void A_timer_fires_only_when_the_clock_passes_its_due_time()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, fired);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, fired);
    }
}
