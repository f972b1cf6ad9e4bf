using CreditFunctions.Workflow;

namespace CreditFunctions.Tests.Workflow;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 0.5, 2)]
    [InlineData(3, 0.5, 4)]
    [InlineData(8, 0.5, 128)]
    [InlineData(9, 0.5, 150)]
    [InlineData(50, 0.5, 150)]
    [InlineData(1, 0, 0)]
    public void Delay_is_full_jitter_over_an_exponential_capped_at_five_minutes(int failures, double jitter, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryBackoff.Delay(failures, jitter));
    }

    [Fact]
    public void Delay_never_exceeds_the_cap()
    {
        Assert.True(RetryBackoff.Delay(1_000, 0.999999) <= RetryBackoff.Cap);
    }

    [Fact]
    public void A_longer_retry_after_wins_and_a_shorter_one_does_not()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), RetryBackoff.Delay(1, 0.5, TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(64), RetryBackoff.Delay(7, 0.5, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Failures_count_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, 0.5));
    }
}
