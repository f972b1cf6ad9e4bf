using CreditFunctions.Storage.Queues;

namespace CreditFunctions.Tests.Storage.Queues;

public sealed class PoisonQueueTests
{
    [Fact]
    public void The_poison_queue_is_named_after_the_queue_as_the_Functions_host_does()
    {
        Assert.Equal("credit-steps-poison", PoisonQueue.NameFor("credit-steps"));
    }

    [Fact]
    public void A_queue_name_too_long_for_the_suffix_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PoisonQueue.NameFor(new string('a', 60)));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("double--dash")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("under_score")]
    public void Invalid_queue_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => QueueLimits.ValidateQueueName(name));
    }
}
