using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using Sim = CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.IntegrationTests.Ledgers.Myob;

/// <summary>The MYOB money adapter (IMoneyLedger) against the simulator over real HTTP, and the seed scenarios at the adapter level.</summary>
public sealed class MyobMoneyConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CreditNoteContact Customer = new(MyobAdapterHarness.CustomerNumber, "Cafe Bean", null);
    private static readonly CreditNoteContact Supplier = new(MyobAdapterHarness.SupplierNumber, "Bean Roasters", null);
    private static readonly DateOnly PaidOn = new(2026, 11, 5);
    private static readonly DateOnly RefundedOn = new(2026, 11, 20);

    [Fact]
    public async Task A_payment_is_a_customer_payment_on_the_invoice_marked_with_its_key_and_a_repeat_posts_nothing()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 1_000m);
        var invoice = await InvoiceAsync(myob, "INV-1");

        var first = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-1", 400m, "INV-1"), Key("pay-1"), None);
        var again = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-1", 400m, "INV-1"), Key("pay-1"), None);
        var listed = await myob.Money.ListInvoicePaymentsAsync(myob.Connection, invoice, Key("pay-1"), None);
        var stored = Assert.Single(myob.Simulator.Store.Payments(myob.FileId));

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value!.LedgerPaymentId, again.Value!.LedgerPaymentId);
        Assert.True(first.Value.MadeUnderKey);
        Assert.Equal(600m, (await InvoiceAsync(myob, "INV-1")).AmountDue);
        Assert.Equal(1, myob.Operation("POST /Sale/CustomerPayment"));
        var mine = Assert.Single(listed.Value!);
        Assert.True(mine.MadeUnderKey);
        Assert.True(mine.MadeByService);
        Assert.Equal(400m, mine.Amount);
        Assert.Equal(Sim.MyobDemo.BankAccount, mine.BankAccountCode);
        Assert.Equal(13, ((string?)stored["ReceiptNumber"])!.Length);
        Assert.Equal("CreditFunctions " + Key("pay-1").Value, (string?)stored["Memo"]);
    }

    [Fact]
    public async Task A_payment_whose_answer_is_lost_after_commit_is_found_by_its_memo_and_never_posted_twice()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 1_000m);
        var invoice = await InvoiceAsync(myob, "INV-1");
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/CustomerPayment");

        var first = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-d", 250m, "INV-1"), Key("pay-d"), None);
        var retried = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-d", 250m, "INV-1"), Key("pay-d"), None);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value!.LedgerPaymentId, retried.Value!.LedgerPaymentId);
        Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Equal(1, myob.Operation("POST /Sale/CustomerPayment"));
        Assert.Equal(750m, (await InvoiceAsync(myob, "INV-1")).AmountDue);
    }

    [Fact]
    public async Task A_payment_over_the_amount_due_is_refused_with_MYOBs_words_and_nothing_is_posted()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 300m);
        var invoice = await InvoiceAsync(myob, "INV-1");

        var result = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-o", 300.01m, "INV-1"), Key("pay-o"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("exceeds its balance due", result.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Equal(300m, (await InvoiceAsync(myob, "INV-1")).AmountDue);
    }

    [Fact]
    public async Task A_payment_to_an_unknown_account_to_a_missing_invoice_or_in_the_locked_period_is_refused_as_such()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 300m);
        var invoice = await InvoiceAsync(myob, "INV-1");

        var unknownAccount = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-a", 100m, "INV-1") with { BankAccountCode = "1-9999" }, Key("pay-a"), None);
        var notABank = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-b", 100m, "INV-1") with { BankAccountCode = Sim.MyobDemo.IncomeAccount }, Key("pay-b"), None);
        var gone = await myob.Money.CreatePaymentAsync(myob.Connection, invoice with { LedgerInvoiceId = Guid.NewGuid().ToString() }, Payment("pay-g", 100m, "INV-1"), Key("pay-g"), None);
        var missing = await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Receivable, "INV-404", None);
        myob.Simulator.Control.SetLockPeriod(myob.FileId, new DateOnly(2026, 11, 10));
        var locked = await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-l", 100m, "INV-1"), Key("pay-l"), None);

        Assert.Equal(LedgerFailureKind.Validation, unknownAccount.Failure!.Kind);
        Assert.Contains("1-9999", unknownAccount.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerFailureKind.Validation, notABank.Failure!.Kind);
        Assert.Contains("AccountNotBanking", notABank.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerFailureKind.NotFound, gone.Failure!.Kind);
        Assert.True(missing.Succeeded);
        Assert.Null(missing.Value);
        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure!.Kind);
        Assert.Equal(new DateOnly(2026, 11, 11), locked.Failure.FirstOpenDay);
        Assert.Empty(myob.Simulator.Store.Payments(myob.FileId));
    }

    [Fact]
    public async Task A_supplier_payment_pays_the_bill_and_deleting_it_reopens_the_bill_once()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedBill("BILL-1", 500m);
        var bill = (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, "BILL-1", None)).Value!;
        var payment = Payment("spay-1", 500m, "BILL-1") with { Kind = CreditNoteKind.Payable, Contact = Supplier };

        var paid = await myob.Money.CreatePaymentAsync(myob.Connection, bill, payment, Key("spay-1"), None);
        var closed = (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, "BILL-1", None)).Value!;
        var listed = await myob.Money.ListInvoicePaymentsAsync(myob.Connection, bill, Key("spay-1"), None);
        var deleted = await myob.Money.DeletePaymentAsync(myob.Connection, paid.Value!.LedgerPaymentId, Key("spay-1", "delete"), None);
        var deletedAgain = await myob.Money.DeletePaymentAsync(myob.Connection, paid.Value.LedgerPaymentId, Key("spay-1", "delete"), None);

        Assert.True(paid.Succeeded, paid.Failure?.Message);
        Assert.Equal(1, myob.Operation("POST /Purchase/SupplierPayment"));
        Assert.Equal("Closed", closed.Status);
        Assert.Equal(0m, closed.AmountDue);
        Assert.True(Assert.Single(listed.Value!).MadeUnderKey);
        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Equal(500m, deleted.Value!.Amount);
        Assert.True(deletedAgain.Succeeded, deletedAgain.Failure?.Message);
        Assert.Equal(1, myob.Operation("DELETE /Purchase/SupplierPayment/{uid}"));
        Assert.Equal(500m, (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, "BILL-1", None)).Value!.AmountDue);
        Assert.Empty(myob.Simulator.Store.Payments(myob.FileId));
    }

    [Fact]
    public async Task Deleting_a_customer_payment_reopens_the_invoice_and_refuses_inside_the_lock_period()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 300m);
        var invoice = await InvoiceAsync(myob, "INV-1");
        var paid = (await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-1", 300m, "INV-1"), Key("pay-1"), None)).Value!;
        myob.Simulator.Control.SetLockPeriod(myob.FileId, PaidOn);

        var locked = await myob.Money.DeletePaymentAsync(myob.Connection, paid.LedgerPaymentId, Key("pay-1", "delete"), None);
        myob.Simulator.Control.SetLockPeriod(myob.FileId, null);
        var deleted = await myob.Money.DeletePaymentAsync(myob.Connection, paid.LedgerPaymentId, Key("pay-1", "delete"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure!.Kind);
        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Equal(300m, (await InvoiceAsync(myob, "INV-1")).AmountDue);
    }

    [Fact]
    public async Task Cin7_duplicate_payment_entered_by_bank_reconciliation_is_listed_before_ours_is_posted()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-C7", 1_000m);
        using var http = new HttpClient { BaseAddress = myob.Simulator.BaseAddress };
        var entered = await http.PostAsJsonAsync(
            $"_sim/tenants/{myob.FileId}/payments", new { invoiceNumber = "INV-C7", amount = 250m, date = PaidOn, reference = "BANKREC-1" });
        entered.EnsureSuccessStatusCode();
        var invoice = await InvoiceAsync(myob, "INV-C7");

        var listed = await myob.Money.ListInvoicePaymentsAsync(myob.Connection, invoice, Key("pay-c7"), None);

        var theirs = Assert.Single(listed.Value!);
        Assert.Equal(250m, theirs.Amount);
        Assert.Equal(PaidOn, theirs.Date);
        Assert.Equal("BANKREC-1", theirs.Reference);
        Assert.False(theirs.MadeByService);
        Assert.False(theirs.MadeUnderKey);
        Assert.Equal(750m, invoice.AmountDue);
        Assert.Equal(0, myob.Operation("POST /Sale/CustomerPayment"));
    }

    [Fact]
    public async Task The_lock_date_is_LockPeriodPriorTo_and_null_when_nothing_is_locked()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();

        var open = await myob.Money.ReadLockDateAsync(myob.Connection, None);
        using var http = new HttpClient { BaseAddress = myob.Simulator.BaseAddress };
        (await http.PutAsJsonAsync($"_sim/tenants/{myob.FileId}/lock-dates", new { periodLockDate = new DateOnly(2026, 10, 31) })).EnsureSuccessStatusCode();
        var locked = await myob.Money.ReadLockDateAsync(myob.Connection, None);

        Assert.True(open.Succeeded, open.Failure?.Message);
        Assert.Null(open.Value);
        Assert.Equal(new DateOnly(2026, 10, 31), locked.Value);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_an_open_period_reopens_the_invoice_and_the_write_off_settles_part_of_it()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-O", 1_000m);
        var invoice = await InvoiceAsync(myob, "INV-O");
        var paid = (await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-o", 1_000m, "INV-O"), Key("pay-o"), None)).Value!;
        var refund = Refund("ref-o", 300m, new WriteOff(100m, Sim.MyobDemo.WriteOffAccount, null));
        var periodClosed = await myob.Money.ReadLockDateAsync(myob.Connection, None) is { Value: { } lockDate } && paid.Date <= lockDate;

        var result = await myob.Money.RefundPaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-O"), paid, refund, periodClosed, Key("ref-o"), None);
        var callsAfter = myob.Simulator.Counters.Snapshot().Operations.Where(o => !o.Key.StartsWith("GET", StringComparison.Ordinal)).Sum(o => o.Value);
        var again = await myob.Money.RefundPaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-O"), paid, refund, periodClosed, Key("ref-o"), None);

        Assert.False(periodClosed);
        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(result.Value!.LedgerId, again.Value!.LedgerId);
        Assert.Equal(callsAfter, myob.Simulator.Counters.Snapshot().Operations.Where(o => !o.Key.StartsWith("GET", StringComparison.Ordinal)).Sum(o => o.Value));

        // The invoice reopened by the refund (300), less the write-off (100).
        Assert.Equal(200m, (await InvoiceAsync(myob, "INV-O")).AmountDue);

        // The original payment is gone; the receipt is posted again across the invoice (700) and the refund invoice (300).
        var payment = Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.NotEqual(paid.LedgerPaymentId, (string?)payment["UID"]);
        Assert.Equal(1_000m, (decimal)payment["AmountReceived"]!);
        Assert.Equal(PaidOn, DateOnly.FromDateTime(DateTime.Parse((string)payment["Date"]!, System.Globalization.CultureInfo.InvariantCulture)));
        var lines = payment["Invoices"]!.AsArray().Select(l => ((string?)l!["Number"], (decimal)l["AmountApplied"]!)).ToList();
        Assert.Contains(("INV-O", 700m), lines);

        // The refund invoice is paid, its credit note paid out by the CreditRefund on the refund date.
        var documents = myob.Simulator.Store.Documents(myob.FileId);
        var refundInvoice = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("RI", StringComparison.Ordinal));
        var refundCredit = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("RC", StringComparison.Ordinal));
        var writeOff = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("WO", StringComparison.Ordinal));
        Assert.Equal("Closed", (string?)refundInvoice["Status"]);
        Assert.Equal(0m, (decimal)refundCredit["BalanceDueAmount"]!);
        Assert.Equal(-100m, (decimal)writeOff["TotalAmount"]!);
        Assert.Equal(Sim.MyobDemo.WriteOffAccount, (string?)writeOff["Lines"]![0]!["Account"]!["DisplayID"]);
        var cash = Assert.Single(myob.Simulator.Store.Refunds(myob.FileId));
        Assert.Equal(300m, (decimal)cash["Amount"]!);
        Assert.Equal(RefundedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T00:00:00", (string?)cash["Date"]);
        Assert.Single(myob.Simulator.Store.Settlements(myob.FileId, "INV-O"));
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_a_closed_period_leaves_the_payment_applied_and_writes_off_the_refund_invoice()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-O", 1_000m);
        var invoice = await InvoiceAsync(myob, "INV-O");
        var paid = (await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-o", 1_000m, "INV-O"), Key("pay-o"), None)).Value!;
        myob.Simulator.Control.SetLockPeriod(myob.FileId, new DateOnly(2026, 11, 10));
        var refund = Refund("ref-c", 300m, new WriteOff(300m, Sim.MyobDemo.WriteOffAccount, null));
        var periodClosed = await myob.Money.ReadLockDateAsync(myob.Connection, None) is { Value: { } lockDate } && paid.Date <= lockDate;

        var result = await myob.Money.RefundPaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-O"), paid, refund, periodClosed, Key("ref-c"), None);

        Assert.True(periodClosed);
        Assert.True(result.Succeeded, result.Failure?.Message);
        var payment = Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Equal(paid.LedgerPaymentId, (string?)payment["UID"]);
        Assert.Equal(0m, (await InvoiceAsync(myob, "INV-O")).AmountDue);
        var documents = myob.Simulator.Store.Documents(myob.FileId);
        var refundInvoice = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("RI", StringComparison.Ordinal));
        Assert.StartsWith("2026-11-20", (string?)refundInvoice["Date"], StringComparison.Ordinal);
        Assert.Equal(0m, (decimal)refundInvoice["BalanceDueAmount"]!); // the write-off settled the customer's debt the refund left
        Assert.Single(myob.Simulator.Store.Refunds(myob.FileId));
        Assert.Equal(5, result.Value!.Documents.Count); // the refund invoice, its credit note, the CreditRefund, the write-off credit note and its settlement
    }

    [Fact]
    public async Task An_Ordway_refund_cut_short_by_a_failure_resumes_where_it_stopped_without_a_second_document()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-O", 1_000m);
        var invoice = await InvoiceAsync(myob, "INV-O");
        var paid = (await myob.Money.CreatePaymentAsync(myob.Connection, invoice, Payment("pay-o", 1_000m, "INV-O"), Key("pay-o"), None)).Value!;
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/CustomerPayment");
        myob.Simulator.Faults.FailNext(method: "POST", pathContains: "Sale/CreditRefund");
        var refund = Refund("ref-x", 1_000m, null);

        var cut = await myob.Money.RefundPaymentAsync(myob.Connection, invoice, paid, refund, false, Key("ref-x"), None);
        var resumed = await myob.Money.RefundPaymentAsync(myob.Connection, invoice, paid, refund, false, Key("ref-x"), None);

        Assert.Equal(LedgerFailureKind.Ambiguous, cut.Failure!.Kind);
        Assert.True(resumed.Succeeded, resumed.Failure?.Message);
        Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Single(myob.Simulator.Store.Refunds(myob.FileId));
        Assert.Equal(2, myob.Simulator.Store.Documents(myob.FileId).Count(d => ((string)d["Number"]!).StartsWith('R')));
        Assert.Equal(1, myob.Operation("DELETE /Sale/CustomerPayment/{uid}"));
        Assert.Equal(1_000m, (await InvoiceAsync(myob, "INV-O")).AmountDue);
    }

    [Fact]
    public async Task Ostendo_overpayment_is_an_overpayment_invoice_and_offsetting_credit_note_with_one_payment_across_both()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 1_000m);
        myob.SeedInvoice("INV-2", 500m);
        var overpayment = new OverpaymentDocument("op-1", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 1_200m, "INV-1", 1_000m, null, null);
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/CustomerPayment");

        var posted = await myob.Money.PostOverpaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-1"), overpayment, Key("op-1"), None);
        var again = await myob.Money.PostOverpaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-1"), overpayment, Key("op-1"), None);

        Assert.False(myob.Money.HasNativeOverpayments);
        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.CreditId, again.Value!.CreditId);
        Assert.Equal(0m, (await InvoiceAsync(myob, "INV-1")).AmountDue);
        var payment = Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Equal(1_200m, (decimal)payment["AmountReceived"]!);
        Assert.Equal(2, payment["Invoices"]!.AsArray().Count);
        var documents = myob.Simulator.Store.Documents(myob.FileId);
        var overpaymentInvoice = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("OI", StringComparison.Ordinal));
        var credit = Assert.Single(documents, d => ((string)d["Number"]!).StartsWith("OC", StringComparison.Ordinal));
        Assert.Equal("Closed", (string?)overpaymentInvoice["Status"]);
        Assert.Equal("Credit", (string?)credit["Status"]);
        Assert.Equal(-200m, (decimal)credit["BalanceDueAmount"]!);
        Assert.Equal(posted.Value.CreditId, (string?)credit["UID"]);
        Assert.Equal("2026-11-05T00:00:00", (string?)credit["Date"]);
        Assert.Equal(Sim.MyobDemo.OverpaymentsAccount, (string?)credit["Lines"]![0]!["Account"]!["DisplayID"]);

        // The credit: part applied to a later invoice, the rest refunded, never more than it holds.
        var applied = await myob.Money.ApplyCreditAsync(
            myob.Connection, overpayment, posted.Value, await InvoiceAsync(myob, "INV-2"), new CreditApplication("app-1", "INV-2", 150m, RefundedOn), Key("op-1", "apply-1"), None);
        var appliedAgain = await myob.Money.ApplyCreditAsync(
            myob.Connection, overpayment, posted.Value, await InvoiceAsync(myob, "INV-2"), new CreditApplication("app-1", "INV-2", 150m, RefundedOn), Key("op-1", "apply-1"), None);
        var refunded = await myob.Money.RefundCreditBalanceAsync(
            myob.Connection, overpayment, posted.Value, Refund("ref-op", 50m, null) with { Of = RefundOf.Money(MoneyDocumentKind.Overpayment, "op-1") }, Key("ref-op"), None);
        var tooMuch = await myob.Money.RefundCreditBalanceAsync(
            myob.Connection, overpayment, posted.Value, Refund("ref-op2", 0.01m, null) with { Of = RefundOf.Money(MoneyDocumentKind.Overpayment, "op-1") }, Key("ref-op2"), None);

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(applied.Value!.LedgerId, appliedAgain.Value!.LedgerId);
        Assert.Equal(350m, (await InvoiceAsync(myob, "INV-2")).AmountDue);
        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(LedgerFailureKind.Validation, tooMuch.Failure!.Kind);
        Assert.Contains("CreditAmountExceedsAvailableCredit", tooMuch.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, myob.Operation("POST /Sale/CreditSettlement"));
        Assert.Equal(0m, (decimal)myob.Simulator.Store.CreditNotesByNumber((string)credit["Number"]!, myob.FileId)[0]["BalanceDueAmount"]!);
    }

    [Fact]
    public async Task Credits_are_refused_in_the_locked_period_and_over_the_amount_due_before_any_document_is_made()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 1_000m);
        myob.SeedInvoice("INV-2", 100m);
        myob.Simulator.Control.SetLockPeriod(myob.FileId, new DateOnly(2026, 11, 10));
        var overpayment = new OverpaymentDocument("op-l", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 1_200m, "INV-1", 1_000m, null, null);
        var credit = new PrepaidCreditDocument("cc-l", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 50m, null, null, null);

        var lockedOverpayment = await myob.Money.PostOverpaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-1"), overpayment, Key("op-l"), None);
        var lockedCredit = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-l"), None);
        var openCredit = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit with { Id = "cc-o", Date = RefundedOn }, Key("cc-o"), None);
        var lockedApplication = await myob.Money.ApplyCreditAsync(
            myob.Connection, credit, openCredit.Value!, await InvoiceAsync(myob, "INV-2"), new CreditApplication("app-l", "INV-2", 50m, PaidOn), Key("cc-o", "apply-l"), None);
        var overDue = await myob.Money.PostOverpaymentAsync(
            myob.Connection, await InvoiceAsync(myob, "INV-2"), overpayment with { Id = "op-d", Date = RefundedOn, InvoiceNumber = "INV-2", AppliedToInvoice = 100.01m }, Key("op-d"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, lockedOverpayment.Failure!.Kind);
        Assert.Equal(new DateOnly(2026, 11, 11), lockedOverpayment.Failure.FirstOpenDay);
        Assert.Equal(LedgerFailureKind.PeriodLocked, lockedCredit.Failure!.Kind);
        Assert.True(openCredit.Succeeded, openCredit.Failure?.Message);
        Assert.Equal(LedgerFailureKind.PeriodLocked, lockedApplication.Failure!.Kind);
        Assert.Equal(LedgerFailureKind.Validation, overDue.Failure!.Kind);
        Assert.Equal(2, myob.Simulator.Store.Documents(myob.FileId).Count); // the two seeded invoices and nothing else
        Assert.Empty(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Single(myob.Simulator.Store.BankTransactions(myob.FileId));
    }

    [Fact]
    public async Task Applications_and_refunds_of_credits_whose_answers_are_lost_are_made_once()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 1_000m);
        myob.SeedInvoice("INV-2", 500m);
        var overpayment = new OverpaymentDocument("op-1", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 1_200m, "INV-1", 1_000m, null, null);
        var posted = (await myob.Money.PostOverpaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-1"), overpayment, Key("op-1"), None)).Value!;
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 300m, null, null, null);
        var held = (await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-1"), None)).Value!;
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/CreditSettlement");
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/CreditRefund");
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Banking/SpendMoneyTxn");
        var application = new CreditApplication("app-1", "INV-2", 120m, RefundedOn);
        var cash = Refund("ref-1", 80m, null) with { Of = RefundOf.Money(MoneyDocumentKind.Overpayment, "op-1") };
        var creditCash = Refund("ref-2", 300m, null) with { Of = RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc-1") };

        var applied = await myob.Money.ApplyCreditAsync(myob.Connection, overpayment, posted, await InvoiceAsync(myob, "INV-2"), application, Key("op-1", "apply-1"), None);
        var appliedAgain = await myob.Money.ApplyCreditAsync(myob.Connection, overpayment, posted, await InvoiceAsync(myob, "INV-2"), application, Key("op-1", "apply-1"), None);
        var refunded = await myob.Money.RefundCreditBalanceAsync(myob.Connection, overpayment, posted, cash, Key("ref-1"), None);
        var refundedAgain = await myob.Money.RefundCreditBalanceAsync(myob.Connection, overpayment, posted, cash, Key("ref-1"), None);
        var paidOut = await myob.Money.RefundCreditBalanceAsync(myob.Connection, credit, held, creditCash, Key("ref-2"), None);
        var paidOutAgain = await myob.Money.RefundCreditBalanceAsync(myob.Connection, credit, held, creditCash, Key("ref-2"), None);

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(applied.Value!.LedgerId, appliedAgain.Value!.LedgerId);
        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.LedgerId, refundedAgain.Value!.LedgerId);
        Assert.True(paidOut.Succeeded, paidOut.Failure?.Message);
        Assert.Equal(paidOut.Value!.LedgerId, paidOutAgain.Value!.LedgerId);
        Assert.Equal(380m, (await InvoiceAsync(myob, "INV-2")).AmountDue);
        Assert.Single(myob.Simulator.Store.Settlements(myob.FileId, "INV-2"));
        Assert.Single(myob.Simulator.Store.Refunds(myob.FileId));
        Assert.Equal(2, myob.Simulator.Store.BankTransactions(myob.FileId).Count);
        Assert.Equal(1, myob.Operation("POST /Sale/CreditSettlement"));
        Assert.Equal(1, myob.Operation("POST /Sale/CreditRefund"));
        Assert.Equal(1, myob.Operation("POST /Banking/SpendMoneyTxn"));
    }

    [Fact]
    public async Task A_supplier_overpayment_is_an_overpayment_bill_and_debit_note_with_one_supplier_payment_and_applies_to_a_later_bill()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedBill("BILL-1", 500m);
        myob.SeedBill("BILL-2", 300m);
        var overpayment = new OverpaymentDocument("sop-1", CreditNoteKind.Payable, Supplier, PaidOn, "AUD", 600m, "BILL-1", 500m, null, null);
        async Task<LedgerInvoice> BillAsync(string number) => (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, number, None)).Value!;

        var posted = await myob.Money.PostOverpaymentAsync(myob.Connection, await BillAsync("BILL-1"), overpayment, Key("sop-1"), None);
        var applied = await myob.Money.ApplyCreditAsync(
            myob.Connection, overpayment, posted.Value!, await BillAsync("BILL-2"), new CreditApplication("app-1", "BILL-2", 100m, RefundedOn), Key("sop-1", "apply-1"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        var payment = Assert.Single(myob.Simulator.Store.Payments(myob.FileId));
        Assert.Equal(600m, (decimal)payment["AmountPaid"]!);
        Assert.Equal(2, payment["Lines"]!.AsArray().Count);
        Assert.Equal(0m, (await BillAsync("BILL-1")).AmountDue);
        var debit = Assert.Single(myob.Simulator.Store.Documents(myob.FileId), d => ((string)d["Number"]!).StartsWith("OC", StringComparison.Ordinal));
        Assert.Equal("Debit", (string?)debit["Status"]);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(200m, (await BillAsync("BILL-2")).AmountDue);
        Assert.Equal(1, myob.Operation("POST /Purchase/DebitSettlement"));
    }

    [Fact]
    public async Task A_customer_credit_is_money_received_to_the_liability_account_applied_by_a_credit_note_and_refunded_by_spend_money()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-3", 300m);
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 500m, null, null, null);

        var posted = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-1"), None);
        var again = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-1"), None);
        var overDue = await myob.Money.ApplyCreditAsync(
            myob.Connection, credit, posted.Value!, await InvoiceAsync(myob, "INV-3"), new CreditApplication("app-0", "INV-3", 300.01m, RefundedOn), Key("cc-1", "apply-0"), None);
        var applied = await myob.Money.ApplyCreditAsync(
            myob.Connection, credit, posted.Value!, await InvoiceAsync(myob, "INV-3"), new CreditApplication("app-1", "INV-3", 200m, RefundedOn), Key("cc-1", "apply-1"), None);
        var refunded = await myob.Money.RefundCreditBalanceAsync(
            myob.Connection, credit, posted.Value!, Refund("ref-cc", 100m, null) with { Of = RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc-1") }, Key("ref-cc"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.LedgerId, again.Value!.LedgerId);
        var transactions = myob.Simulator.Store.BankTransactions(myob.FileId);
        Assert.Equal(2, transactions.Count);
        var received = Assert.Single(transactions, t => t["DepositTo"] is not null);
        Assert.Equal(500m, (decimal)received["AmountReceived"]!);
        Assert.Equal(Sim.MyobDemo.BankAccount, (string?)received["Account"]!["DisplayID"]);
        Assert.Equal(Sim.MyobDemo.CustomerDepositsAccount, (string?)received["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal("Cafe Bean", (string?)received["Contact"]!["Name"]);

        Assert.Equal(LedgerFailureKind.Validation, overDue.Failure!.Kind);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(100m, (await InvoiceAsync(myob, "INV-3")).AmountDue);
        var applicationCredit = Assert.Single(myob.Simulator.Store.Documents(myob.FileId), d => ((string)d["Number"]!).StartsWith("CA", StringComparison.Ordinal));
        Assert.Equal(Sim.MyobDemo.CustomerDepositsAccount, (string?)applicationCredit["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal(0m, (decimal)applicationCredit["BalanceDueAmount"]!);

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        var spent = Assert.Single(transactions, t => t["PayFrom"] is not null);
        Assert.Equal(100m, (decimal)spent["AmountPaid"]!);
        Assert.Equal(Sim.MyobDemo.CustomerDepositsAccount, (string?)spent["Lines"]![0]!["Account"]!["DisplayID"]);
    }

    [Fact]
    public async Task A_customer_credit_whose_answer_is_lost_is_posted_once_and_an_unknown_holding_account_is_refused()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        var credit = new PrepaidCreditDocument("cc-d", CreditNoteKind.Receivable, Customer, PaidOn, "AUD", 80m, null, null, null);
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Banking/ReceiveMoneyTxn");

        var first = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-d"), None);
        var retried = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit, Key("cc-d"), None);
        var unknown = await myob.Money.PostPrepaidCreditAsync(myob.Connection, credit with { Id = "cc-u", HoldingAccountCode = "2-9999" }, Key("cc-u"), None);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value!.LedgerId, retried.Value!.LedgerId);
        Assert.Single(myob.Simulator.Store.BankTransactions(myob.FileId));
        Assert.Equal(1, myob.Operation("POST /Banking/ReceiveMoneyTxn"));
        Assert.Equal(LedgerFailureKind.Validation, unknown.Failure!.Kind);
        Assert.Contains("2-9999", unknown.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supplier_deposit_is_money_spent_to_the_asset_account_and_applied_to_a_bill_by_a_debit_settlement()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedBill("BILL-2", 500m);
        var deposit = new PrepaidCreditDocument("sd-1", CreditNoteKind.Payable, Supplier, PaidOn, "AUD", 300m, null, null, null);
        var bill = (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, "BILL-2", None)).Value!;

        var posted = await myob.Money.PostPrepaidCreditAsync(myob.Connection, deposit, Key("sd-1"), None);
        var applied = await myob.Money.ApplyCreditAsync(myob.Connection, deposit, posted.Value!, bill, new CreditApplication("app-1", "BILL-2", 300m, RefundedOn), Key("sd-1", "apply-1"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        var spent = Assert.Single(myob.Simulator.Store.BankTransactions(myob.FileId));
        Assert.Equal(300m, (decimal)spent["AmountPaid"]!);
        Assert.Equal(Sim.MyobDemo.SupplierDepositsAccount, (string?)spent["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(200m, (await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Payable, "BILL-2", None)).Value!.AmountDue);
        Assert.Equal(1, myob.Operation("POST /Purchase/DebitSettlement"));
    }

    [Fact]
    public async Task Pull_returns_payments_entered_in_MYOB_once_with_a_cursor_over_pages_and_flags_ours()
    {
        await using var myob = await MyobAdapterHarness.StartAsync(simulator: o => o.DefaultPageSize = 2);
        foreach (var number in new[] { "INV-1", "INV-2", "INV-3", "INV-4" })
        {
            myob.SeedInvoice(number, 100m);
        }

        await myob.Money.CreatePaymentAsync(myob.Connection, await InvoiceAsync(myob, "INV-1"), Payment("pay-1", 100m, "INV-1"), Key("pay-1"), None);
        myob.Simulator.Seed.Payment(myob.FileId, new Sim.MyobPaymentSeed("INV-2", 40m, PaidOn));
        myob.Simulator.Seed.Payment(myob.FileId, new Sim.MyobPaymentSeed("INV-3", 60m, PaidOn));
        var gets = myob.Operation("GET /Sale/CustomerPayment");

        var first = await myob.Money.PaymentsChangedSinceAsync(myob.Connection, null, None);
        myob.ManualTime.Advance(TimeSpan.FromSeconds(1));
        myob.Simulator.Seed.Payment(myob.FileId, new Sim.MyobPaymentSeed("INV-4", 25m, PaidOn));
        var second = await myob.Money.PaymentsChangedSinceAsync(myob.Connection, first.Value!.Cursor, None);
        var third = await myob.Money.PaymentsChangedSinceAsync(myob.Connection, second.Value!.Cursor, None);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(3, first.Value.Payments.Count);
        Assert.Equal(gets + 4, myob.Operation("GET /Sale/CustomerPayment")); // two pages for the first pull, one for each later one
        Assert.Single(first.Value.Payments, p => p.MadeByService);
        Assert.Equal(new[] { 40m, 60m }, first.Value.Payments.Where(p => !p.MadeByService).Select(p => p.Amount).Order());
        Assert.All(first.Value.Payments, p => Assert.Equal("AUD", p.Currency));
        var pulled = Assert.Single(second.Value.Payments);
        Assert.Equal(("INV-4", 25m, false, CreditNoteKind.Receivable), (pulled.InvoiceNumber, pulled.Amount, pulled.MadeByService, pulled.Kind));
        Assert.True(second.Value.Cursor > first.Value.Cursor);
        Assert.Empty(third.Value!.Payments);
    }

    [Fact]
    public async Task Flowrev_a_400_credit_note_allocated_to_a_1200_invoice_leaves_800_due_and_offsets_revenue()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-F", 1_200m);
        var note = MyobAdapterHarness.Note("CN-F", lines: [new CreditNoteLine("Partial credit", 1m, 400m, "200", null, 0m, 400m)]) with { Subtotal = 400m, TotalTax = 0m, Total = 400m };

        var created = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-F"), None);
        var allocated = await myob.Connector.AllocateAsync(myob.Connection, created.Value!.LedgerDocumentId, note, new AllocationRequest("INV-F", 400m, note.Date), MyobAdapterHarness.Key("CN-F", "allocate"), None);
        var invoice = await InvoiceAsync(myob, "INV-F");

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal(800m, invoice.AmountDue);
        Assert.Equal(1_200m, invoice.Total);
        var stored = Assert.Single(myob.Simulator.Store.CreditNotesByNumber("CN-F", myob.FileId));
        Assert.Equal(Sim.MyobDemo.IncomeAccount, (string?)stored["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal(0m, (decimal)stored["BalanceDueAmount"]!);
    }

    private static async Task<LedgerInvoice> InvoiceAsync(MyobAdapterHarness myob, string number)
    {
        var found = await myob.Money.FindInvoiceAsync(myob.Connection, CreditNoteKind.Receivable, number, None);
        Assert.True(found.Succeeded, found.Failure?.Message);
        return found.Value ?? throw new InvalidOperationException($"{number} is not in the simulator.");
    }

    private static PaymentDocument Payment(string id, decimal amount, string invoiceNumber) =>
        new(id, CreditNoteKind.Receivable, Customer, PaidOn, "AUD", amount, invoiceNumber, null, null);

    private static RefundDocument Refund(string id, decimal amount, WriteOff? writeOff) =>
        new(id, CreditNoteKind.Receivable, Customer, RefundedOn, "AUD", amount, RefundOf.Money(MoneyDocumentKind.Payment, "pay-o"), null, null, writeOff);

    private static LedgerWriteKey Key(string id, string operation = "create") => new($"t1:harness-myob:{id}:{operation}:v1");
}
