using System.Net;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X9, X10 (cash refunds of credit notes, deleting payments) and X11 (overpayments through bank transactions).</summary>
public sealed class XeroPaymentsTests
{
    [Fact]
    public async Task A_cash_refund_is_a_payment_against_the_credit_note_up_to_its_remaining_credit()
    {
        await using var xero = await XeroHarness.StartAsync();
        var id = (await xero.CreateCreditNoteAsync("CN-R", 100m)).GetProperty("CreditNoteID").GetString();

        var (refund, refundBody) = await xero.CallAsync(HttpMethod.Put, "Payments", new { Payments = new[] { Refund(id!, 60m, xero.Today) } });
        var (tooMuch, tooMuchBody) = await xero.CallAsync(HttpMethod.Put, "Payments", new { Payments = new[] { Refund(id!, 60m, xero.Today) } });
        var (_, note) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal("ARCREDITPAYMENT", refundBody.GetProperty("Payments")[0].GetProperty("PaymentType").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal("Payment amount exceeds the amount outstanding on this document", XeroAllocationsTests.Message(tooMuchBody));
        Assert.Equal(50m, note.GetProperty("CreditNotes")[0].GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(1, note.GetProperty("CreditNotes")[0].GetProperty("Payments").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_a_refund_gives_the_credit_back()
    {
        await using var xero = await XeroHarness.StartAsync();
        var id = (await xero.CreateCreditNoteAsync("CN-R", 100m)).GetProperty("CreditNoteID").GetString();
        var (_, refund) = await xero.CallAsync(HttpMethod.Post, "Payments", Refund(id!, 110m, xero.Today));
        var paymentId = refund.GetProperty("Payments")[0].GetProperty("PaymentID").GetString();
        var (_, paid) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);

        var (deleted, deletedBody) = await xero.CallAsync(HttpMethod.Post, "Payments/" + paymentId, new { Status = "DELETED" });
        var (_, note) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);

        Assert.Equal("PAID", paid.GetProperty("CreditNotes")[0].GetProperty("Status").GetString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("DELETED", deletedBody.GetProperty("Payments")[0].GetProperty("Status").GetString());
        Assert.Equal("AUTHORISED", note.GetProperty("CreditNotes")[0].GetProperty("Status").GetString());
        Assert.Equal(110m, note.GetProperty("CreditNotes")[0].GetProperty("RemainingCredit").GetDecimal());
    }

    [Fact]
    public async Task A_receive_overpayment_bank_transaction_creates_an_overpayment_that_can_be_allocated()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-9", 80m);
        var transaction = new
        {
            Type = "RECEIVE-OVERPAYMENT",
            Contact = new { ContactID = xero.ContactId.ToString() },
            BankAccount = new { Code = "090" },
            LineAmountTypes = "NoTax",
            LineItems = new[] { new { Description = "Overpaid order 55", LineAmount = 50m, AccountCode = "610" } },
        };

        var (created, createdBody) = await xero.CallAsync(HttpMethod.Put, "BankTransactions", new { BankTransactions = new[] { transaction } });
        var overpaymentId = createdBody.GetProperty("BankTransactions")[0].GetProperty("OverpaymentID").GetString();
        var (_, overpayments) = await xero.CallAsync(HttpMethod.Get, "Overpayments");
        var (allocated, _) = await xero.CallAsync(HttpMethod.Put, $"Overpayments/{overpaymentId}/Allocations",
            new { Allocations = new[] { XeroAllocationsTests.Allocation(invoiceId, 30m, xero.Today) } });
        var (tooMuch, tooMuchBody) = await xero.CallAsync(HttpMethod.Put, $"Overpayments/{overpaymentId}/Allocations",
            new { Allocations = new[] { XeroAllocationsTests.Allocation(invoiceId, 30m, xero.Today) } });
        var (_, overpayment) = await xero.CallAsync(HttpMethod.Get, "Overpayments/" + overpaymentId);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(50m, Assert.Single(overpayments.GetProperty("Overpayments").EnumerateArray()).GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal("Overpayment cannot be allocated as amount is greater than amount outstanding", XeroAllocationsTests.Message(tooMuchBody));
        Assert.Equal(20m, overpayment.GetProperty("Overpayments")[0].GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(50m, xero.Simulator.Store.Invoice(xero.TenantId, "INV-9")!["AmountDue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_overpayment_can_be_refunded_with_a_payment()
    {
        await using var xero = await XeroHarness.StartAsync();
        var transaction = new
        {
            Type = "RECEIVE-OVERPAYMENT",
            Contact = new { ContactID = xero.ContactId.ToString() },
            BankAccount = new { Code = "090" },
            LineAmountTypes = "NoTax",
            LineItems = new[] { new { Description = "Overpaid", LineAmount = 40m, AccountCode = "610" } },
        };
        var (_, created) = await xero.CallAsync(HttpMethod.Put, "BankTransactions", new { BankTransactions = new[] { transaction } });
        var overpaymentId = created.GetProperty("BankTransactions")[0].GetProperty("OverpaymentID").GetString();

        var (refund, body) = await xero.CallAsync(HttpMethod.Put, "Payments", new
        {
            Payments = new[] { new { Overpayment = new { OverpaymentID = overpaymentId }, Account = new { Code = "090" }, Amount = 40m, Date = xero.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) } },
        });

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal("AROVERPAYMENTPAYMENT", body.GetProperty("Payments")[0].GetProperty("PaymentType").GetString());
        Assert.Equal("PAID", xero.Simulator.Store.Overpayments(xero.TenantId)[0]["Status"]!.GetValue<string>());
    }

    private static object Refund(string creditNoteId, decimal amount, DateOnly date) => new
    {
        CreditNote = new { CreditNoteID = creditNoteId },
        Account = new { Code = "090" },
        Amount = amount,
        Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Reference = "Refund",
    };
}
