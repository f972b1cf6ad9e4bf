using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

public sealed class QuickBooksMoneyMarkersTests
{
    private static readonly LedgerWriteKey Key = new("t1:qbo:payments:pay-1:create:v1");

    [Fact]
    public void A_marker_fits_PaymentRefNum_and_DocNumber_is_stable_and_differs_per_step()
    {
        var marker = QuickBooksMoneyMarkers.Of(Key, "pay");

        Assert.Equal(21, marker.Length);
        Assert.Equal(marker, QuickBooksMoneyMarkers.Of(Key, "pay"));
        Assert.NotEqual(marker, QuickBooksMoneyMarkers.Of(Key, "je"));
        Assert.NotEqual(marker, QuickBooksMoneyMarkers.Of(new LedgerWriteKey("t1:qbo:payments:pay-2:create:v1"), "pay"));
        Assert.True(QuickBooksMoneyMarkers.IsOurs(marker));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("EFT 991")]
    [InlineData("CF0123456789ABCDEF01")] // 20 characters
    [InlineData("CF0123456789ABCDEFG12")] // not hex
    [InlineData("cf0123456789abcdef012")]
    public void A_reference_entered_in_QuickBooks_is_not_taken_for_ours(string? reference) =>
        Assert.False(QuickBooksMoneyMarkers.IsOurs(reference));

    [Fact]
    public void A_tag_is_appended_to_the_private_note_and_found_again_and_the_note_stays_within_4000_characters()
    {
        var marker = QuickBooksMoneyMarkers.Of(Key, "apply");

        var note = QuickBooksMoneyMarkers.AppendTag("Customer credit cc-1", marker);
        var full = QuickBooksMoneyMarkers.AppendTag(new string('x', 3995), marker);

        Assert.True(QuickBooksMoneyMarkers.NoteHas(note, marker));
        Assert.StartsWith("Customer credit cc-1 ", note, StringComparison.Ordinal);
        Assert.False(QuickBooksMoneyMarkers.NoteHas("Customer credit cc-1", marker));
        Assert.Equal(4000, full.Length);
        Assert.True(QuickBooksMoneyMarkers.NoteHas(full, marker));
    }
}
