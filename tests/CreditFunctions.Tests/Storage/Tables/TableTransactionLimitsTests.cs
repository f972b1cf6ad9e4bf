using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.Tables;

public sealed class TableTransactionLimitsTests
{
    [Fact]
    public void A_transaction_spanning_two_partitions_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction(
        [
            Add("p1", "a"),
            Add("p2", "b"),
        ]));

        Assert.Contains("one partition", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_of_100_actions_passes_and_101_is_refused()
    {
        TableLimits.ValidateTransaction(Enumerable.Range(0, 100).Select(i => Add("p", $"r{i}")).ToList());

        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction(Enumerable.Range(0, 101).Select(i => Add("p", $"r{i}")).ToList()));
        Assert.Contains("100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_touching_a_row_twice_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction(
        [
            Add("p", "a"),
            new(TableTransactionActionType.Delete, new TableEntity("p", "a")),
        ]));

        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_transaction_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction([]));
    }

    [Fact]
    public void A_transaction_whose_body_exceeds_4_MiB_is_refused()
    {
        // Four rows of 15 × 64 KiB are each under 1 MiB, but base64 in JSON makes the body ≈ 5.2 MiB.
        var actions = Enumerable.Range(0, 4).Select(i =>
        {
            var entity = new TableEntity("p", $"r{i}");
            for (var c = 0; c < 15; c++)
            {
                entity[$"C{c}"] = new byte[65_536];
            }

            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        Assert.All(actions, a => TableLimits.ValidateEntity((TableEntity)a.Entity));

        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction(actions));

        Assert.Contains("4 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_entity_inside_a_transaction_is_refused_before_sending()
    {
        Assert.Throws<ArgumentException>(() => TableLimits.ValidateTransaction([Add("p", "bad/key")]));
    }

    private static TableTransactionAction Add(string pk, string rk) => new(TableTransactionActionType.Add, new TableEntity(pk, rk));
}
