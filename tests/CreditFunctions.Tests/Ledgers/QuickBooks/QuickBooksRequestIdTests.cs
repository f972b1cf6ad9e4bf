using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

/// <summary>requestid values: at most 50 characters, 36 on a batch (ledger-apis.md Q5; contracts/qbo §10, §14).</summary>
public sealed class QuickBooksRequestIdTests
{
    [Fact]
    public void A_workflow_key_that_fits_is_sent_as_it_is()
    {
        var key = new LedgerWriteKey("t1:c1:doc:create:v1:g0:r0");

        Assert.Equal(key.Value, QuickBooksRequestId.From(key));
    }

    [Fact]
    public void A_longer_key_becomes_a_stable_id_of_50_characters_and_different_keys_stay_different()
    {
        var a = new LedgerWriteKey(new string('a', 80) + "1");
        var b = new LedgerWriteKey(new string('a', 80) + "2");

        Assert.Equal(50, QuickBooksRequestId.From(a).Length);
        Assert.Equal(QuickBooksRequestId.From(a), QuickBooksRequestId.From(a));
        Assert.NotEqual(QuickBooksRequestId.From(a), QuickBooksRequestId.From(b));
    }

    [Fact]
    public void The_retry_after_a_stale_SyncToken_has_its_own_id_because_the_first_would_replay_the_5010()
    {
        var key = new LedgerWriteKey("t1:c1:doc:update:v2");

        Assert.NotEqual(QuickBooksRequestId.From(key), QuickBooksRequestId.Retry(key, "stale1"));
        Assert.True(QuickBooksRequestId.Retry(new LedgerWriteKey(new string('x', 50)), "stale1").Length <= 50);
    }

    [Fact]
    public void A_batch_id_fits_36_characters_and_depends_on_its_members_in_order()
    {
        LedgerWriteKey[] keys = [new("k1"), new("k2")];

        var id = QuickBooksRequestId.ForBatch(keys);

        Assert.True(id.Length <= 36);
        Assert.NotEqual(id, QuickBooksRequestId.ForBatch([.. keys.Reverse()]));
    }
}
