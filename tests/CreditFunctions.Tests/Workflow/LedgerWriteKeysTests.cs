using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;

namespace CreditFunctions.Tests.Workflow;

public sealed class LedgerWriteKeysTests
{
    private static LedgerWriteKey Key(
        LedgerOperation operation = LedgerOperation.CreateCreditNote, long version = 1, int generation = 1, int round = 1,
        int? allocation = null, DateOnly? date = null, int max = 128, string tenant = "demo") =>
        LedgerWriteKeys.Derive(tenant, "demo-xero", "cn_1001", operation, version, generation, round, allocation, date, max);

    [Fact]
    public void The_same_write_always_gets_the_same_key()
    {
        Assert.Equal(Key(), Key());
        Assert.Equal("demo:demo-xero:cn_1001:create:v1:g1:r1", Key().Value);
    }

    [Fact]
    public void Every_part_of_the_write_changes_the_key()
    {
        LedgerWriteKey[] keys =
        [
            Key(), Key(LedgerOperation.UpdateCreditNote), Key(LedgerOperation.VoidCreditNote), Key(LedgerOperation.Allocate, allocation: 0),
            Key(LedgerOperation.Allocate, allocation: 1), Key(version: 2), Key(generation: 2), Key(round: 2), Key(date: new DateOnly(2026, 12, 1)),
            Key(tenant: "other"),
        ];

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void A_key_longer_than_the_ledger_allows_is_hashed_to_fit()
    {
        var longTenant = new string('t', 200);

        var xero = Key(tenant: longTenant);
        var quickBooks = Key(tenant: longTenant, max: 50);

        Assert.Equal("k-".Length + 64, xero.Value.Length); // the whole SHA-256 fits Xero's 128
        Assert.StartsWith("k-", xero.Value, StringComparison.Ordinal);
        Assert.Equal(50, quickBooks.Value.Length);
        Assert.StartsWith("k-", quickBooks.Value, StringComparison.Ordinal);
        Assert.Equal(quickBooks, Key(tenant: longTenant, max: 50));
        Assert.NotEqual(quickBooks, Key(tenant: longTenant, max: 50, version: 2));
    }

    [Fact]
    public void A_short_key_that_fits_quickbooks_is_kept_readable()
    {
        Assert.Equal("demo:demo-xero:cn_1001:create:v1:g1:r1", Key(max: 50).Value);
    }

    [Fact]
    public void Characters_that_cannot_be_a_table_key_are_hashed_away()
    {
        var key = LedgerWriteKeys.Derive("ten/ant", "c", "d", LedgerOperation.CreateCreditNote, 1, 1, 1, null, null, 128);

        Assert.StartsWith("k-", key.Value, StringComparison.Ordinal);
        Assert.DoesNotContain('/', key.Value);
    }

    [Fact]
    public void A_limit_too_short_to_hold_a_safe_hash_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Key(max: 20));
    }
}
