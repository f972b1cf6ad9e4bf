using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Ledgers.Xero.XeroMoneyConnectorTests;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>The seed systems' examples (issue 14) at the adapter level, against the Xero simulator over HTTP.</summary>
public sealed class XeroMoneySeedScenarioTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CreditNoteContact Customer = new(XeroAdapterHarness.ContactNumber, XeroAdapterHarness.ContactName, null);

    [Fact]
    public async Task Cin7_duplicate_payment_entered_by_bank_reconciliation_is_seen_before_ours_is_posted()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-C7", 500m);
        harness.Simulator.Seed.BankReconciliationPayment(harness.TenantId, "INV-C7", 200m, harness.Today, reference: "Bank feed");

        var listed = await harness.Money.ListInvoicePaymentsAsync(harness.Connection, invoice, Key("cin7-pay"), None);

        var existing = Assert.Single(listed.Value!);
        Assert.Equal((200m, harness.Today, false, false), (existing.Amount, existing.Date, existing.MadeUnderKey, existing.MadeByService));
        Assert.Equal(300m, harness.AmountDue("INV-C7"));
    }

    [Fact]
    public async Task A_payment_over_the_amount_due_is_refused_and_the_invoice_keeps_its_balance()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-OVER", 500m);
        harness.Simulator.Seed.BankReconciliationPayment(harness.TenantId, "INV-OVER", 400m);

        var refused = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-OVER", 200m), Key("over"), None);
        var now = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "INV-OVER", None);

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Equal(100m, now.Value!.AmountDue);
        Assert.Single(harness.Simulator.Store.Payments(harness.TenantId));
    }

    [Fact]
    public async Task Ordway_refund_in_an_open_period_with_write_off_reopens_the_invoice_by_the_refund_less_the_write_off()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var (invoice, payment) = await PaidAsync(harness, "INV-ORD", 1000m);
        harness.ManualTime.Advance(TimeSpan.FromDays(10));
        var refund = Refund(harness, payment, 300m, new WriteOff(100m, "684", null));

        var posted = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: false, Key("ord-open"), None);
        var repeated = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: false, Key("ord-open"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.Documents, repeated.Value!.Documents);
        Assert.Equal(200m, harness.AmountDue("INV-ORD"));
        var payments = harness.Simulator.Store.Payments(harness.TenantId);
        Assert.Equal("DELETED", payments.Single(p => p["PaymentID"]!.GetValue<string>() == payment.LedgerPaymentId)["Status"]!.GetValue<string>());
        var refundPayment = Assert.Single(payments, p => p["PaymentType"]!.GetValue<string>() == "AROVERPAYMENTPAYMENT");
        Assert.Equal((300m, harness.Today), (refundPayment["Amount"]!.GetValue<decimal>(), Date(refundPayment["Date"]!.GetValue<string>())));
        var overpayment = Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId));
        Assert.Equal((1000m, 0m), (overpayment["Total"]!.GetValue<decimal>(), overpayment["RemainingCredit"]!.GetValue<decimal>()));
        Assert.Equal(harness.Today.AddDays(-10), Date(overpayment["Date"]!.GetValue<string>()));
        Assert.Equal(700m, Assert.Single(overpayment["Allocations"]!.AsArray())!["Amount"]!.GetValue<decimal>());
        var writeOff = Assert.Single(harness.Simulator.Store.CreditNotes(harness.TenantId));
        Assert.Equal(("684", 0m), (writeOff["LineItems"]![0]!["AccountCode"]!.GetValue<string>(), writeOff["RemainingCredit"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Ordway_refund_cut_short_resumes_where_it_stopped_without_a_second_document()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var (invoice, payment) = await PaidAsync(harness, "INV-ORD2", 1000m);
        var refund = Refund(harness, payment, 400m, null);
        harness.Simulator.Faults.FailNext(statusCode: 503, method: "PUT", pathContains: "/Allocations");

        var cut = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: false, Key("ord-cut"), None);
        var resumed = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: false, Key("ord-cut"), None);

        Assert.Equal(LedgerFailureKind.Transient, cut.Failure!.Kind);
        Assert.True(resumed.Succeeded, resumed.Failure?.Message);
        Assert.Equal(400m, harness.AmountDue("INV-ORD2"));
        Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId));
        Assert.Single(harness.Simulator.Store.Payments(harness.TenantId), p => p["Status"]!.GetValue<string>() == "AUTHORISED");
    }

    [Fact]
    public async Task Ordway_refund_in_a_closed_period_with_write_off_leaves_the_payment_and_records_the_refund_in_the_open_period()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var (invoice, payment) = await PaidAsync(harness, "INV-ORDC", 1000m);
        harness.Simulator.Control.SetLockDates(harness.TenantId, harness.Today, null);
        harness.ManualTime.Advance(TimeSpan.FromDays(10));
        var lockDate = (await harness.Money.ReadLockDateAsync(harness.Connection, None)).Value;
        var refund = Refund(harness, payment, 300m, new WriteOff(100m, "684", null));

        var posted = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: payment.Date <= lockDate, Key("ord-closed"), None);
        var repeated = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: true, Key("ord-closed"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.Documents, repeated.Value!.Documents);
        Assert.Equal((0m, "PAID"), (harness.AmountDue("INV-ORDC"), harness.StoredInvoice("INV-ORDC")["Status"]!.GetValue<string>()));
        var payments = harness.Simulator.Store.Payments(harness.TenantId);
        Assert.Equal("AUTHORISED", payments.Single(p => p["PaymentID"]!.GetValue<string>() == payment.LedgerPaymentId)["Status"]!.GetValue<string>());
        var refundPayment = Assert.Single(payments, p => p["PaymentType"]!.GetValue<string>() == "ARCREDITPAYMENT");
        Assert.Equal((300m, harness.Today), (refundPayment["Amount"]!.GetValue<decimal>(), Date(refundPayment["Date"]!.GetValue<string>())));
        var receivable = Assert.Single(harness.Simulator.Store.Invoices(harness.TenantId), i => i["InvoiceNumber"]!.GetValue<string>().StartsWith("CF-", StringComparison.Ordinal));
        Assert.Equal((300m, 200m, harness.Today), (receivable["Total"]!.GetValue<decimal>(), receivable["AmountDue"]!.GetValue<decimal>(), Date(receivable["Date"]!.GetValue<string>())));
        Assert.Equal(2, harness.Simulator.Store.CreditNotes(harness.TenantId).Count);
    }

    [Fact]
    public async Task Ostendo_overpayment_is_native_in_Xero_its_credit_applied_to_a_later_invoice_and_the_rest_refunded()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-OST", 500m);
        var overpayment = Overpayment(harness, "INV-OST", 650m, 500m);

        var posted = await harness.Money.PostOverpaymentAsync(harness.Connection, invoice, overpayment, Key("ost"), None);
        var later = await SeededAsync(harness, "INV-OST2", 100m);
        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, overpayment, posted.Value!, later, new CreditApplication("ost-a", "INV-OST2", 100m, harness.Today), Key("ost-a"), None);
        var refund = new RefundDocument("ost-r", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 50m, RefundOf.Money(MoneyDocumentKind.Overpayment, overpayment.Id), null, null, null);
        var refunded = await harness.Money.RefundCreditBalanceAsync(harness.Connection, overpayment, posted.Value!, refund, Key("ost-r"), None);

        Assert.True(harness.Money.HasNativeOverpayments);
        Assert.True(posted.Succeeded && applied.Succeeded && refunded.Succeeded, posted.Failure?.Message ?? applied.Failure?.Message ?? refunded.Failure?.Message);
        Assert.Equal((0m, 0m), (harness.AmountDue("INV-OST"), harness.AmountDue("INV-OST2")));
        var stored = Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId));
        Assert.Equal((650m, 0m, "PAID"), (stored["Total"]!.GetValue<decimal>(), stored["RemainingCredit"]!.GetValue<decimal>(), stored["Status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Flowrev_a_400_credit_note_allocated_to_a_1200_invoice_leaves_800_due()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        await SeededAsync(harness, "INV-FLOW", 1200m);
        var note = XeroAdapterHarness.Note("CN-FLOW", 400m, harness.Today) with
        {
            Lines = [new CreditNoteLine("Partial credit", 1m, 400m, "200", "EXEMPTOUTPUT", 0m, 400m)],
            TotalTax = 0m,
            Total = 400m,
        };

        var created = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-FLOW"), None);
        var allocated = await harness.Connector.AllocateAsync(harness.Connection, created.Value!.LedgerDocumentId, note, new AllocationRequest("INV-FLOW", 400m, harness.Today), XeroAdapterHarness.Key("CN-FLOW", "allocate"), None);
        var invoice = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "INV-FLOW", None);

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal(800m, invoice.Value!.AmountDue);
        Assert.Equal("200", harness.Simulator.Store.CreditNotesByNumber("CN-FLOW", harness.TenantId).Single()["LineItems"]![0]!["AccountCode"]!.GetValue<string>());
    }

    private static async Task<(LedgerInvoice Invoice, LedgerPayment Payment)> PaidAsync(XeroAdapterHarness harness, string number, decimal total)
    {
        var invoice = await SeededAsync(harness, number, total);
        var payment = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, number, total), Key("pay-" + number), None);
        Assert.True(payment.Succeeded, payment.Failure?.Message);
        return (invoice, payment.Value!);
    }

    private static RefundDocument Refund(XeroAdapterHarness harness, LedgerPayment payment, decimal amount, WriteOff? writeOff) =>
        new("ref-" + payment.LedgerPaymentId[..8], CreditNoteKind.Receivable, Customer, harness.Today, "AUD", amount, RefundOf.Money(MoneyDocumentKind.Payment, "pay-1"), null, "Refund", writeOff);

    private static DateOnly Date(string msDate) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(msDate[6..msDate.IndexOfAny(['+', '-', ')'], 6)], System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime);
}
