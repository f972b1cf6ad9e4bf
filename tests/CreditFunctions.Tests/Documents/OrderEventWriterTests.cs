using System.Text;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

public sealed class OrderEventWriterTests
{
    [Fact]
    public void The_contract_example_survives_a_round_trip()
    {
        var read = OrderEventReader.Read(OrderEventSamples.ExampleBytes).Event!;

        var written = OrderEventWriter.ToUtf8Bytes(read);
        var reread = OrderEventReader.Read(written);

        Assert.True(reread.Succeeded);
        Assert.Equal(written, OrderEventWriter.ToUtf8Bytes(reread.Event!));
        AssertSame(read, reread.Event!);
    }

    [Fact]
    public void An_event_built_in_code_reads_back_equal()
    {
        var original = OrderEventSamples.Event(lines: 3);

        var reread = OrderEventReader.Read(OrderEventWriter.ToUtf8Bytes(original));

        Assert.True(reread.Succeeded);
        AssertSame(original, reread.Event!);
        Assert.Equal(original.OccurredAt.Offset, reread.Event!.OccurredAt.Offset);
    }

    [Fact]
    public void Decimals_keep_their_scale_and_optional_nulls_are_left_out()
    {
        var json = Encoding.UTF8.GetString(OrderEventWriter.ToUtf8Bytes(OrderEventSamples.Event()));

        Assert.Contains("\"unitAmount\":10.00", json, StringComparison.Ordinal);
        Assert.Contains("\"total\":22.00", json, StringComparison.Ordinal);
        Assert.DoesNotContain("reference", json, StringComparison.Ordinal);
        Assert.DoesNotContain("email", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"credit_note.created\"", json, StringComparison.Ordinal);
        Assert.Contains("\"occurredAt\":\"2026-11-20T10:15:00+11:00\"", json, StringComparison.Ordinal);
    }

    private static void AssertSame(OrderEvent expected, OrderEvent actual)
    {
        Assert.Equal(expected with { CreditNote = null! }, actual with { CreditNote = null! });
        var (e, a) = (expected.CreditNote, actual.CreditNote);
        Assert.Equal(e with { Lines = [], Allocations = [] }, a with { Lines = [], Allocations = [] });
        Assert.Equal(e.Lines, a.Lines);
        Assert.Equal(e.Allocations, a.Allocations);
    }
}
