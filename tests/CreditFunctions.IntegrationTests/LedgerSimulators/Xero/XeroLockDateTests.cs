using System.Net;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X18: documents dated on or before a lock date are refused with Xero's wording; GET /Organisation shows the dates.</summary>
public sealed class XeroLockDateTests
{
    private static readonly DateOnly PeriodLock = new(2026, 10, 31);

    [Fact]
    public async Task A_credit_note_dated_on_the_period_lock_date_is_refused_and_the_next_day_is_open()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.SetLockDates(xero.TenantId, PeriodLock, null);

        var (locked, lockedBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1", date: PeriodLock) } });
        var (open, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-2", date: PeriodLock.AddDays(1)) } });
        var (draft, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-3", status: "DRAFT", date: PeriodLock) } });

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal("ValidationException", lockedBody.GetProperty("Type").GetString());
        Assert.Equal("The document date cannot be before the period lock date of 31 Oct 2026.", XeroAllocationsTests.Message(lockedBody));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
    }

    [Fact]
    public async Task The_end_of_year_lock_uses_its_own_wording()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.SetLockDates(xero.TenantId, PeriodLock, new DateOnly(2026, 6, 30));

        var (_, body) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1", date: new DateOnly(2026, 6, 1)) } });

        Assert.Equal("The document date cannot be before the end of year lock date, currently set at 30-Jun-2026.", XeroAllocationsTests.Message(body));
    }

    [Fact]
    public async Task Allocations_and_payments_dated_in_a_locked_period_are_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 100m);
        var id = (await xero.CreateCreditNoteAsync("CN-1")).GetProperty("CreditNoteID").GetString();
        xero.Simulator.Control.SetLockDates(xero.TenantId, PeriodLock, null);

        var (allocation, allocationBody) = await XeroAllocationsTests.AllocateAsync(xero, id!, invoiceId, 10m, PeriodLock.AddDays(-1));
        var (payment, paymentBody) = await xero.CallAsync(HttpMethod.Put, "Payments", new
        {
            Payments = new[] { new { CreditNote = new { CreditNoteID = id }, Account = new { Code = "090" }, Amount = 10m, Date = "2026-10-01" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, allocation.StatusCode);
        Assert.Equal("The document date cannot be before the period lock date of 31 Oct 2026.", XeroAllocationsTests.Message(allocationBody));
        Assert.Equal(HttpStatusCode.BadRequest, payment.StatusCode);
        Assert.Contains("period lock date", XeroAllocationsTests.Message(paymentBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organisation_shows_its_lock_dates_set_through_the_control_api()
    {
        await using var xero = await XeroHarness.StartAsync();

        var set = await xero.Http.PutAsync(
            new Uri($"_sim/tenants/{xero.TenantId}/lock-dates", UriKind.Relative),
            new StringContent("""{"periodLockDate":"2026-10-31","endOfYearLockDate":"2026-06-30"}""", System.Text.Encoding.UTF8, "application/json"));
        var (_, body) = await xero.CallAsync(HttpMethod.Get, "Organisation");
        var organisation = body.GetProperty("Organisations")[0];

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal("/Date(1793404800000+0000)/", organisation.GetProperty("PeriodLockDate").GetString());
        Assert.Equal("/Date(1782777600000+0000)/", organisation.GetProperty("EndOfYearLockDate").GetString());
    }
}
