using System.Text;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

public sealed class DocumentLimitsTests
{
    [Theory]
    [InlineData("cn_1001", true)]
    [InlineData("evt.7f3c2a:v2@x~y+z-", true)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a#b", false)]
    [InlineData("a?b", false)]
    [InlineData("a\u0001b", false)]
    [InlineData("café", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_ids_that_can_be_table_keys_are_safe(string? id, bool safe)
    {
        Assert.Equal(safe, DocumentLimits.IsSafeId(id));
    }

    [Fact]
    public void A_body_over_the_limit_is_malformed_without_being_parsed()
    {
        var body = new byte[DocumentLimits.MaxBodyBytes + 1];
        Encoding.UTF8.GetBytes("{}").CopyTo(body, 0);

        var result = OrderEventReader.Read(body);

        Assert.True(result.Problem!.IsMalformed);
        Assert.Contains("larger", result.Problem.Errors[0].Message, StringComparison.Ordinal);
    }
}
