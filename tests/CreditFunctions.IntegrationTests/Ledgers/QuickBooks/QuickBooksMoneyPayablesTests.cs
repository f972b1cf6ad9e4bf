using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Ledgers.QuickBooks.QuickBooksMoneyHarness;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// Payables money on QuickBooks (docs/quickbooks.md "Money flows"): a bill payment is a BillPayment by cheque linking the
/// Bill; a supplier deposit is a cheque (Purchase) to the prepayments asset account, applied to a bill by a VendorCredit
/// on that account and a zero-amount BillPayment, or refunded by a bank Deposit from the vendor. Each exactly once under
/// its key (requestid + DocNumber marker read back), against the in-process simulator over HTTP.
/// </summary>
public sealed class QuickBooksMoneyPayablesTests
{
    private const string VendorName = "Bean Roasters";
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The simulated chart (QuickBooksCompany): 35 the bank, 41 Prepayments (Other Current Asset).</summary>
    private static readonly Dictionary<string, string?> Payables = new(Accounts)
    {
        ["QuickBooks:BillPaymentAccountId"] = "35",
        ["QuickBooks:SupplierDepositAccountId"] = "41",
    };

    private static readonly CreditNoteContact Supplier = new("supp-1", VendorName, null);

    [Fact]
    public async Task FindInvoice_for_a_payable_gives_the_bill_with_its_amount_due_and_vendor()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        var vendorId = harness.Simulator.Seed.Vendor(harness.RealmId, VendorName);
        harness.Simulator.Seed.Bill(harness.RealmId, "BILL-F1", vendorId, 500m, balance: 320m);

        var bill = await BillAsync(harness, "BILL-F1");
        var missing = await harness.Run(harness.Money().FindInvoiceAsync(harness.Connection, CreditNoteKind.Payable, "BILL-404", None));

        Assert.Equal(("BILL-F1", CreditNoteKind.Payable, 500m, 320m, "OPEN", vendorId), (bill.Number, bill.Kind, bill.Total, bill.AmountDue, bill.Status, bill.ContactId));
        Assert.True(missing.Succeeded, missing.Failure?.Message);
        Assert.Null(missing.Value);
    }

    [Fact]
    public async Task A_bill_payment_is_one_BillPayment_on_the_bill_and_a_repeat_under_its_key_returns_it_without_posting()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        SeedBill(harness, "BILL-P1", 300m);
        var bill = await BillAsync(harness, "BILL-P1");

        var first = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-1", "BILL-P1", 120m), Key("bp-1"), None));
        var again = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-1", "BILL-P1", 120m), Key("bp-1"), None));
        var listed = await harness.Run(harness.Money().ListInvoicePaymentsAsync(harness.Connection, bill, Key("bp-1"), None));

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value, again.Value);
        Assert.StartsWith(QuickBooksPayablesMoney.BillPaymentIdPrefix, first.Value!.LedgerPaymentId, StringComparison.Ordinal);
        var held = Assert.Single(harness.Held("BillPayment"));
        Assert.Equal([("Bill", 120m)], Lines(held));
        Assert.Equal(("Check", "35", QuickBooksMoneyMarkers.Of(Key("bp-1"), "billpay")), ((string?)held["PayType"], (string?)held["CheckPayment"]!["BankAccountRef"]!["value"], (string?)held["DocNumber"]));
        Assert.Equal(180m, BillDue(harness, "BILL-P1"));
        var seen = Assert.Single(listed.Value!);
        Assert.Equal((first.Value.LedgerPaymentId, 120m, Day, true, true), (seen.LedgerPaymentId, seen.Amount, seen.Date, seen.MadeUnderKey, seen.MadeByService));
        Assert.Equal(1, harness.Operation("POST /billpayment"));
    }

    [Fact]
    public async Task A_bill_payment_whose_answer_is_lost_after_QuickBooks_committed_is_read_back_and_made_once()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        SeedBill(harness, "BILL-P2", 300m);
        var bill = await BillAsync(harness, "BILL-P2");
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/billpayment");

        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-2", "BILL-P2", 100m), Key("bp-2"), None));
        var again = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-2", "BILL-P2", 100m), Key("bp-2"), None));

        Assert.True(paid.Succeeded, paid.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal(paid.Value!.LedgerPaymentId, again.Value!.LedgerPaymentId);
        Assert.Single(harness.Held("BillPayment"));
        Assert.Equal(200m, BillDue(harness, "BILL-P2"));
    }

    [Fact]
    public async Task A_bill_payment_over_the_amount_due_in_closed_books_or_without_a_bank_account_is_refused_and_nothing_is_posted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        SeedBill(harness, "BILL-P3", 300m, balance: 100m);
        var bill = await BillAsync(harness, "BILL-P3");

        var over = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-3", "BILL-P3", 100.01m, bank: "35"), Key("bp-3"), None));
        var noBank = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-4", "BILL-P3", 50m), Key("bp-4"), None));
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, Day);
        var closed = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-5", "BILL-P3", 50m, bank: "35"), Key("bp-5"), None));

        Assert.Equal((LedgerFailureKind.Validation, true), (over.Failure!.Kind, over.Failure.Message.Contains("more than its open balance (100.00)", StringComparison.Ordinal)));
        Assert.Equal((LedgerFailureKind.Validation, true), (noBank.Failure!.Kind, noBank.Failure.Message.Contains("QuickBooks:BillPaymentAccountId", StringComparison.Ordinal)));
        Assert.Equal((LedgerFailureKind.PeriodLocked, Day.AddDays(1)), (closed.Failure!.Kind, closed.Failure.FirstOpenDay));
        Assert.Single(harness.Held("BillPayment")); // the seeded 200.00 only
        Assert.Equal(100m, BillDue(harness, "BILL-P3"));
    }

    [Fact]
    public async Task Deleting_a_bill_payment_reopens_the_bill_and_one_already_gone_counts_as_deleted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        SeedBill(harness, "BILL-D1", 300m);
        var bill = await BillAsync(harness, "BILL-D1");
        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-d1", "BILL-D1", 300m), Key("bp-d1"), None));
        Assert.Equal(0m, BillDue(harness, "BILL-D1"));

        var deleted = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.Value!.LedgerPaymentId, Key("bp-d1", "delete"), None));
        var again = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.Value.LedgerPaymentId, Key("bp-d1", "delete"), None));

        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Equal((paid.Value.LedgerPaymentId, 300m), (deleted.Value!.LedgerPaymentId, deleted.Value.Amount));
        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Empty(harness.Held("BillPayment"));
        Assert.Equal(300m, BillDue(harness, "BILL-D1"));
    }

    [Fact]
    public async Task A_bill_payment_delete_after_someone_edited_it_retries_with_the_new_SyncToken()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        SeedBill(harness, "BILL-D2", 300m);
        var bill = await BillAsync(harness, "BILL-D2");
        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, bill, BillPayment("bp-d2", "BILL-D2", 100m), Key("bp-d2"), None));
        harness.Simulator.Faults.FaultInOkNext(type: "ValidationFault", code: "5010", message: "Stale Object Error", method: "POST", pathContains: "/billpayment");

        var deleted = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.Value!.LedgerPaymentId, Key("bp-d2", "delete"), None));

        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Empty(harness.Held("BillPayment"));
        Assert.Equal(300m, BillDue(harness, "BILL-D2"));
    }

    [Fact]
    public async Task A_supplier_deposit_dated_in_closed_books_is_PeriodLocked_with_the_first_open_day_and_one_without_accounts_is_Validation()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var noAccounts = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, Deposit("dep-5", 100m), Key("dep-5"), None));
        var named = Deposit("dep-6", 100m) with { BankAccountCode = "35", HoldingAccountCode = "41" };
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, Day);

        var closed = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, named, Key("dep-6"), None));

        Assert.Equal((LedgerFailureKind.Validation, true), (noAccounts.Failure!.Kind, noAccounts.Failure.Message.Contains("QuickBooks:BillPaymentAccountId", StringComparison.Ordinal)));
        Assert.Equal((LedgerFailureKind.PeriodLocked, Day.AddDays(1)), (closed.Failure!.Kind, closed.Failure.FirstOpenDay));
        Assert.Empty(harness.Held("Purchase"));
    }

    [Fact]
    public async Task A_supplier_deposit_is_a_cheque_to_the_prepayments_account_made_once_with_its_vendor()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/purchase");

        var posted = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, Deposit("dep-1", 500m), Key("dep-1"), None));
        var again = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, Deposit("dep-1", 500m), Key("dep-1"), None));

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal(posted.Value!.CreditId, again.Value!.CreditId);
        var purchase = Assert.Single(harness.Held("Purchase"));
        var vendor = Assert.Single(harness.Held("Vendor"));
        Assert.Equal((posted.Value.CreditId, "Check", "35", (string?)vendor["Id"], 500m), ((string?)purchase["Id"], (string?)purchase["PaymentType"], (string?)purchase["AccountRef"]!["value"], (string?)purchase["EntityRef"]!["value"], (decimal)purchase["TotalAmt"]!));
        Assert.Equal("41", (string?)purchase["Line"]![0]!["AccountBasedExpenseLineDetail"]!["AccountRef"]!["value"]);
        Assert.Equal(VendorName, (string?)vendor["DisplayName"]);
    }

    [Fact]
    public async Task A_supplier_deposit_applied_to_a_bill_is_a_vendor_credit_on_prepayments_and_a_zero_BillPayment_made_once_after_a_lost_answer()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        var posted = await PostDepositAsync(harness, "dep-2", 500m);
        SeedBill(harness, "BILL-A1", 300m);
        var bill = await BillAsync(harness, "BILL-A1");
        var application = new CreditApplication("app-1", "BILL-A1", 200m, Day);
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/billpayment");

        var applied = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-2", 500m), posted, bill, application, Key("app-1", "apply"), None));
        var again = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-2", 500m), posted, bill, application, Key("app-1", "apply"), None));

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal((applied.Value!.LedgerId, applied.Value.CreditId, posted.CreditId), (again.Value!.LedgerId, again.Value.CreditId, applied.Value.CreditId));
        Assert.Equal(applied.Value.Documents, again.Value.Documents);
        var credit = Assert.Single(harness.Held("VendorCredit"));
        Assert.Equal((200m, 0m, "41"), ((decimal)credit["TotalAmt"]!, (decimal)credit["Balance"]!, (string?)credit["Line"]![0]!["AccountBasedExpenseLineDetail"]!["AccountRef"]!["value"]));
        var payment = Assert.Single(harness.Held("BillPayment"));
        Assert.Equal(0m, (decimal)payment["TotalAmt"]!);
        Assert.Equal([("Bill", 200m), ("VendorCredit", 200m)], Lines(payment));
        Assert.Equal(100m, BillDue(harness, "BILL-A1"));
        Assert.Equal(1, harness.Operation("POST /vendorcredit"));
    }

    [Fact]
    public async Task A_supplier_deposit_application_over_the_bill_or_over_what_is_left_of_the_deposit_is_refused_before_anything_is_posted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        var posted = await PostDepositAsync(harness, "dep-3", 250m);
        SeedBill(harness, "BILL-A2", 300m, balance: 100m);
        SeedBill(harness, "BILL-A3", 400m);
        var small = await BillAsync(harness, "BILL-A2");
        var large = await BillAsync(harness, "BILL-A3");

        var overBill = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-3", 250m), posted, small, new CreditApplication("app-2", "BILL-A2", 150m, Day), Key("app-2", "apply"), None));
        var first = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-3", 250m), posted, large, new CreditApplication("app-3", "BILL-A3", 200m, Day), Key("app-3", "apply"), None));
        var overDeposit = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-3", 250m), posted, large, new CreditApplication("app-4", "BILL-A3", 60m, Day), Key("app-4", "apply"), None));

        Assert.Equal((LedgerFailureKind.Validation, true), (overBill.Failure!.Kind, overBill.Failure.Message.Contains("has 100.00 due", StringComparison.Ordinal)));
        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal((LedgerFailureKind.Validation, true), (overDeposit.Failure!.Kind, overDeposit.Failure.Message.Contains("has 50.00 unused", StringComparison.Ordinal)));
        Assert.Single(harness.Held("VendorCredit"));
        Assert.Equal((100m, 200m), (BillDue(harness, "BILL-A2"), BillDue(harness, "BILL-A3")));
    }

    [Fact]
    public async Task A_supplier_deposit_refunded_is_a_bank_deposit_from_the_vendor_against_prepayments_made_once_and_never_more_than_is_left()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Payables);
        var posted = await PostDepositAsync(harness, "dep-4", 500m);
        SeedBill(harness, "BILL-R1", 300m);
        var bill = await BillAsync(harness, "BILL-R1");
        var applied = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, Deposit("dep-4", 500m), posted, bill, new CreditApplication("app-5", "BILL-R1", 300m, Day), Key("app-5", "apply"), None));
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        var refund = DepositRefund("rf-1", 150m);
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/deposit");

        var refunded = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, Deposit("dep-4", 500m), posted, refund, Key("rf-1", "refund"), None));
        var again = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, Deposit("dep-4", 500m), posted, refund, Key("rf-1", "refund"), None));
        var tooMuch = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, Deposit("dep-4", 500m), posted, DepositRefund("rf-2", 50.01m), Key("rf-2", "refund"), None));

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal(refunded.Value!.LedgerId, again.Value!.LedgerId);
        var deposit = Assert.Single(harness.Held("Deposit"));
        var line = deposit["Line"]![0]!["DepositLineDetail"]!;
        var vendorId = (string?)Assert.Single(harness.Held("Vendor"))["Id"];
        Assert.Equal(("35", 150m, "41", vendorId), ((string?)deposit["DepositToAccountRef"]!["value"], (decimal)deposit["TotalAmt"]!, (string?)line["AccountRef"]!["value"], (string?)line["Entity"]!["value"]));
        Assert.Equal((LedgerFailureKind.Validation, true), (tooMuch.Failure!.Kind, tooMuch.Failure.Message.Contains("has 50.00 unused", StringComparison.Ordinal)));
    }

    private static void SeedBill(QuickBooksAdapterHarness harness, string number, decimal total, decimal? balance = null)
    {
        var vendor = harness.Held("Vendor").FirstOrDefault(v => (string?)v["DisplayName"] == VendorName);
        var vendorId = vendor is null ? harness.Simulator.Seed.Vendor(harness.RealmId, VendorName) : (string)vendor["Id"]!;
        harness.Simulator.Seed.Bill(harness.RealmId, number, vendorId, total, balance);
    }

    private static async Task<LedgerInvoice> BillAsync(QuickBooksAdapterHarness harness, string number)
    {
        var found = await harness.Run(harness.Money().FindInvoiceAsync(harness.Connection, CreditNoteKind.Payable, number, None));
        Assert.True(found.Succeeded, found.Failure?.Message);
        return found.Value ?? throw new InvalidOperationException($"Bill {number} is not in the simulator.");
    }

    private static async Task<LedgerMoneyPosting> PostDepositAsync(QuickBooksAdapterHarness harness, string id, decimal amount)
    {
        var posted = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, Deposit(id, amount), Key(id), None));
        Assert.True(posted.Succeeded, posted.Failure?.Message);
        return posted.Value!;
    }

    private static decimal BillDue(QuickBooksAdapterHarness harness, string number) => harness.Simulator.Store.BillDue(harness.RealmId, number)!.AmountDue;

    private static PaymentDocument BillPayment(string id, string billNumber, decimal amount, string? bank = null) =>
        new(id, CreditNoteKind.Payable, Supplier, Day, "AUD", amount, billNumber, bank, "PO " + id);

    private static PrepaidCreditDocument Deposit(string id, decimal amount) =>
        new(id, CreditNoteKind.Payable, Supplier, Day, "AUD", amount, null, null, "Deposit " + id);

    private static RefundDocument DepositRefund(string id, decimal amount) =>
        new(id, CreditNoteKind.Payable, Supplier, Day, "AUD", amount, RefundOf.Money(MoneyDocumentKind.SupplierDeposit, "dep"), null, "Refund " + id, null);

    private static List<(string Type, decimal Amount)> Lines(JsonObject payment) => QuickBooksMoneyHarness.Lines(payment);
}
