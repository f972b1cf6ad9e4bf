using System.Net;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Creates for one connection share a PUT /CreditNotes while the connection's calls are busy (LedgerCreateBatcher;
/// ledger-apis.md X3), and every credit note still lands exactly once.
/// </summary>
public sealed class BatchedCreateTests
{
    [Fact]
    public async Task Credit_notes_arriving_while_Xero_is_slow_share_a_call_and_each_lands_once()
    {
        await using var app = await TestApp.StartAsync();
        // The first creates take a while, so the ones behind them queue up (2 calls in flight per connection).
        app.Xero.Faults.DelayNext(TimeSpan.FromMilliseconds(4000), count: 2, method: "PUT", pathContains: "CreditNotes");
        var ids = Enumerable.Range(1, 12).Select(i => $"cn_batch{i:00}").ToArray();

        var responses = await Task.WhenAll(ids.Select(id => app.SendAsync(TestEvents.CreditNote(id))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        foreach (var id in ids)
        {
            await app.WaitForStatusAsync(id, s => TestApp.IsState(s, "synced"));
            Assert.Single(app.Xero.Store.CreditNotesByNumber($"CN-{id}"));
        }

        var puts = DuplicateDeliveryTests.PutCreditNotes(app);
        Assert.True(puts < ids.Length, $"{puts} PUT /CreditNotes for {ids.Length} credit notes: nothing was batched");
        app.Conformance.AssertNoViolations();
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
