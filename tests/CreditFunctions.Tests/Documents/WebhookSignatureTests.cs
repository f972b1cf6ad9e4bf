using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_only";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 15, 0, TimeSpan.Zero);
    private static readonly byte[] Body = OrderEventSamples.ExampleBytes;

    [Fact]
    public void A_signature_made_with_the_secret_verifies()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);

        Assert.True(WebhookSignature.Verify(header, Body, Secret, Now).IsValid);
    }

    [Fact]
    public void The_signature_is_hex_hmac_sha256_of_timestamp_dot_body()
    {
        var t = Now.ToUnixTimeSeconds();
        var signed = Encoding.UTF8.GetBytes($"{t}.").Concat(Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));

        Assert.Equal($"t={t},v1={expected}", WebhookSignature.Sign(Secret, t, Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_header_is_missing(string? header)
    {
        Assert.Equal(SignatureFailure.Missing, WebhookSignature.Verify(header, Body, Secret, Now).Failure);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=1763633700")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1763633700,v1=00zz")]
    [InlineData("t=1763633700,v1=000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1763633700,t=1763633700,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1763633700,=x,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_header_that_is_not_t_and_v1_is_malformed(string header)
    {
        Assert.Equal(SignatureFailure.Malformed, WebhookSignature.Verify(header, Body, Secret, Now).Failure);
    }

    [Fact]
    public void An_overlong_header_is_malformed()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body) + string.Concat(Enumerable.Repeat(",v0=abc", 400));

        Assert.Equal(SignatureFailure.Malformed, WebhookSignature.Verify(header, Body, Secret, Now).Failure);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_timestamp_more_than_five_minutes_away_either_way_is_stale(int offsetSeconds)
    {
        var header = WebhookSignature.Sign(Secret, Now.AddSeconds(offsetSeconds), Body);

        Assert.Equal(SignatureFailure.Stale, WebhookSignature.Verify(header, Body, Secret, Now).Failure);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_timestamp_exactly_five_minutes_away_is_accepted(int offsetSeconds)
    {
        var header = WebhookSignature.Sign(Secret, Now.AddSeconds(offsetSeconds), Body);

        Assert.True(WebhookSignature.Verify(header, Body, Secret, Now).IsValid);
    }

    [Fact]
    public void One_changed_byte_of_the_body_is_a_mismatch()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 1;

        Assert.Equal(SignatureFailure.Mismatch, WebhookSignature.Verify(header, tampered, Secret, Now).Failure);
    }

    [Fact]
    public void Another_secret_is_a_mismatch()
    {
        var header = WebhookSignature.Sign("another-secret", Now, Body);

        Assert.Equal(SignatureFailure.Mismatch, WebhookSignature.Verify(header, Body, Secret, Now).Failure);
    }

    [Fact]
    public void A_changed_timestamp_is_a_mismatch()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var shifted = header.Replace($"t={Now.ToUnixTimeSeconds()}", $"t={Now.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal);

        Assert.Equal(SignatureFailure.Mismatch, WebhookSignature.Verify(shifted, Body, Secret, Now).Failure);
    }

    [Fact]
    public void During_secret_rotation_any_v1_value_may_match()
    {
        var old = WebhookSignature.Sign("old-secret", Now, Body);
        var current = WebhookSignature.Sign(Secret, Now, Body);
        var header = old + "," + current[(current.IndexOf(',', StringComparison.Ordinal) + 1)..] + ",v0=legacy";

        Assert.True(WebhookSignature.Verify(header, Body, Secret, Now).IsValid);
        Assert.True(WebhookSignature.Verify(header, Body, "old-secret", Now).IsValid);
        Assert.False(WebhookSignature.Verify(header, Body, "third-secret", Now).IsValid);
    }

    [Fact]
    public void Upper_case_hex_and_spaces_after_commas_are_accepted()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var parts = header.Split(',');

        Assert.True(WebhookSignature.Verify(parts[0] + ", " + parts[1].ToUpperInvariant().Replace("V1", "v1", StringComparison.Ordinal), Body, Secret, Now).IsValid);
    }

    [Fact]
    public void The_result_never_carries_the_expected_signature()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var result = WebhookSignature.Verify(header, Body, "wrong", Now);

        Assert.DoesNotContain(header[(header.IndexOf("v1=", StringComparison.Ordinal) + 3)..], result.ToString(), StringComparison.Ordinal);
        Assert.Equal(SignatureFailure.Mismatch, result.Failure);
    }

    [Fact]
    public void The_receiver_may_hold_the_old_and_the_new_secret_during_a_rotation()
    {
        var signedWithOld = WebhookSignature.Sign("old-secret", Now, Body);

        Assert.True(WebhookSignature.Verify(signedWithOld, Body, [Secret, "old-secret"], Now).IsValid);
        Assert.Equal(SignatureFailure.Mismatch, WebhookSignature.Verify(signedWithOld, Body, [Secret], Now).Failure);
        Assert.Throws<ArgumentException>(() => WebhookSignature.Verify(signedWithOld, Body, Array.Empty<string>(), Now));
    }
}
