using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroIdempotencyKeyTests
{
    [Fact]
    public void A_short_plain_write_key_is_sent_as_it_is()
    {
        Assert.Equal("t1:demo-xero:CN-1:create:v1", XeroIdempotencyKey.From(new LedgerWriteKey("t1:demo-xero:CN-1:create:v1")));
    }

    [Fact]
    public void A_long_key_becomes_128_characters_and_stays_stable()
    {
        var key = new LedgerWriteKey("tenant:" + new string('x', 300));

        var first = XeroIdempotencyKey.From(key);

        Assert.Equal(XeroIdempotencyKey.MaxLength, first.Length);
        Assert.Equal(first, XeroIdempotencyKey.From(key));
        Assert.StartsWith("tenant:", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_keys_that_share_a_prefix_do_not_collide()
    {
        var prefix = new string('k', 200);

        Assert.NotEqual(XeroIdempotencyKey.From(prefix + "a"), XeroIdempotencyKey.From(prefix + "b"));
    }

    [Fact]
    public void Keys_with_spaces_or_non_ascii_are_hashed_into_header_safe_text()
    {
        var key = XeroIdempotencyKey.From("crédit note 1");

        Assert.All(key, c => Assert.InRange(c, '!', '~'));
        Assert.NotEqual(XeroIdempotencyKey.From("crédit note 2"), key);
    }

    [Fact]
    public void A_contact_key_depends_on_the_connection_and_the_contact_only()
    {
        var connection = new LedgerConnection("demo-xero", LedgerKind.Xero, "tenant-1");

        Assert.Equal(XeroIdempotencyKey.ForContact(connection, "C-1"), XeroIdempotencyKey.ForContact(connection, "C-1"));
        Assert.NotEqual(XeroIdempotencyKey.ForContact(connection, "C-1"), XeroIdempotencyKey.ForContact(connection with { ConnectionId = "other" }, "C-1"));
    }

    [Fact]
    public void A_batch_key_changes_when_its_members_change()
    {
        var a = XeroIdempotencyKey.ForBatch([new LedgerWriteKey("1"), new LedgerWriteKey("2")]);

        Assert.True(a.Length <= XeroIdempotencyKey.MaxLength);
        Assert.Equal(a, XeroIdempotencyKey.ForBatch([new LedgerWriteKey("1"), new LedgerWriteKey("2")]));
        Assert.NotEqual(a, XeroIdempotencyKey.ForBatch([new LedgerWriteKey("1"), new LedgerWriteKey("3")]));
    }
}
