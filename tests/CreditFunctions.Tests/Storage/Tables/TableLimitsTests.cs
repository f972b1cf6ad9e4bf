using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.Tables;

public sealed class TableLimitsTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public void Keys_with_characters_Azure_forbids_are_refused(string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateKey(key, "RowKey"));

        Assert.Contains("RowKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("forbids", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("O'Brien")]
    [InlineData("a b+c%d&e=f(g)h;i*j@k,l$m")]
    [InlineData("tenant|doc-1|v2")]
    [InlineData("ünïcødé")]
    public void Keys_Azure_allows_pass(string key)
    {
        TableLimits.ValidateKey(key, "PartitionKey");
    }

    [Fact]
    public void Keys_over_1024_characters_are_refused()
    {
        TableLimits.ValidateKey(new string('k', 1024), "PartitionKey");
        Assert.Throws<ArgumentException>(() => TableLimits.ValidateKey(new string('k', 1025), "PartitionKey"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    [InlineData("tables")]
    public void Invalid_table_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => TableLimits.ValidateTableName(name));
    }

    [Fact]
    public void An_entity_may_hold_252_properties_of_its_own_but_not_253()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 252; i++)
        {
            entity[$"P{i}"] = i;
        }

        TableLimits.ValidateEntity(entity);
        entity["P252"] = 1;
        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateEntity(entity));
        Assert.Contains("255", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_property_may_be_64_KiB_in_UTF16_and_no_more()
    {
        TableLimits.ValidateEntity(new TableEntity("p", "r") { ["S"] = new string('x', 32_768) });

        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateEntity(new TableEntity("p", "r") { ["S"] = new string('x', 32_769) }));
        Assert.Contains("64 KiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_property_may_be_64_KiB_and_no_more()
    {
        TableLimits.ValidateEntity(new TableEntity("p", "r") { ["B"] = new byte[65_536] });

        Assert.Throws<ArgumentException>(() => TableLimits.ValidateEntity(new TableEntity("p", "r") { ["B"] = new byte[65_537] }));
    }

    [Fact]
    public void An_entity_over_1_MiB_as_Azure_counts_it_is_refused()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 16; i++)
        {
            entity[$"B{i}"] = new byte[65_536];
        }

        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateEntity(entity));

        Assert.Contains("1 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entity_size_follows_the_service_formula()
    {
        // 4 + 2×(1+2) + [8 + 2×1 + (4 + 2×3)] + [8 + 2×1 + 8] + [8 + 2×1 + 16] + [8 + 2×1 + 4] + [8 + 2×1 + 1] + [8 + 2×1 + 4 + 5]
        var entity = new TableEntity("p", "rk")
        {
            ["S"] = "abc",
            ["L"] = 5L,
            ["G"] = Guid.Empty,
            ["I"] = 1,
            ["B"] = true,
            ["X"] = new byte[5],
        };

        Assert.Equal(10 + 20 + 18 + 26 + 14 + 11 + 19, TableLimits.EstimateEntitySize(entity));
    }

    [Fact]
    public void A_decimal_is_refused_because_the_SDK_would_store_a_lossy_double()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableLimits.ValidateEntity(new TableEntity("p", "r") { ["Amount"] = 1234567890.123456789m }));

        Assert.Contains("invariant string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SDK_entity_s_system_properties_are_not_counted_as_the_caller_s_own()
    {
        var entity = new TableEntity("p", "r") { Timestamp = DateTimeOffset.UnixEpoch, ETag = new Azure.ETag("W/\"x\"") };
        for (var i = 0; i < 252; i++)
        {
            entity[$"P{i}"] = i;
        }

        TableLimits.ValidateEntity(entity);
        
        // 4 + 2×(1+1) + Σ (8 + 2×len(name) + 4) over P0…P251: Timestamp and the ETag cost nothing.
        Assert.Equal(4828, TableLimits.EstimateEntitySize(entity));
    }
}
