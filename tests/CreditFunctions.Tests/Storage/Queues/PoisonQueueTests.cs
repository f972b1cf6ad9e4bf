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
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public void A_message_is_poison_once_its_last_allowed_attempt_failed(long dequeueCount, bool poison)
    {
        Assert.Equal(poison, PoisonQueue.ShouldMove(Message(dequeueCount, BinaryData.FromString("{}"))));
    }

    [Fact]
    public void A_message_that_cannot_be_decoded_is_poison_at_once()
    {
        Assert.True(PoisonQueue.ShouldMove(Message(1, null)));
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

    [Fact]
    public void The_encoded_message_limit_is_64_KiB()
    {
        QueueLimits.ValidateEncodedMessage(new string('a', 65_536));

        var ex = Assert.Throws<ArgumentException>(() => QueueLimits.ValidateEncodedMessage(new string('a', 65_537)));
        Assert.Contains("64 KiB", ex.Message, StringComparison.Ordinal);
    }

    private static QueueMessage Message(long dequeueCount, BinaryData? body) =>
        new("id", "receipt", dequeueCount, null, null, null, "text", body);
}
