using CreditFunctions.Documents;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using static CreditFunctions.Tests.Payments.Workflow.MoneySamples;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>Cin7 Core's payment rules and Ordway's period rule: given the ledger's invoice and its payments, when a payment is decided, then …</summary>
public sealed class PaymentRulesTests
{
    private static readonly LedgerInvoice Invoice = new("inv-guid-1", "INV-0001", CreditNoteKind.Receivable, "AUTHORISED", 100m, 100m, new DateOnly(2026, 11, 1), "cust_42");

    [Fact]
    public void A_payment_the_ledger_holds_under_its_key_is_read_back_not_posted_again()
    {
        var ours = new LedgerPayment("lp-1", 100m, new DateOnly(2026, 11, 20), "Order 5567", "090", MadeUnderKey: true, MadeByService: true);

        var decision = PaymentRules.Decide(Payment(), Invoice with { AmountDue = 0m }, [ours]);

        Assert.Equal(ours, Assert.IsType<PaymentDecision.AlreadyPosted>(decision).Payment);
    }

    [Fact]
    public void Cin7_duplicate_payment_by_bank_reconciliation_is_dropped_and_names_the_ledger_payment()
    {
        var reconciled = new LedgerPayment("bank-rec-7", 100m, new DateOnly(2026, 11, 20), null, "090");

        var decision = PaymentRules.Decide(Payment(), Invoice with { AmountDue = 0m }, [reconciled]);

        var duplicate = Assert.IsType<PaymentDecision.Duplicate>(decision);
        Assert.Equal("bank-rec-7", duplicate.Matched.LedgerPaymentId);
        Assert.Contains("duplicate of ledger payment bank-rec-7", duplicate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_amount_on_another_day_is_not_a_duplicate()
    {
        var earlier = new LedgerPayment("lp-9", 50m, new DateOnly(2026, 11, 19), null, "090");

        var decision = PaymentRules.Decide(Payment(50m), Invoice with { AmountDue = 50m }, [earlier]);

        Assert.IsType<PaymentDecision.Post>(decision);
    }

    [Fact]
    public void A_payment_over_the_amount_due_is_refused_with_the_reason()
    {
        var decision = PaymentRules.Decide(Payment(120m), Invoice, []);

        Assert.Equal("exceeds amount due 120.00 > 100.00 on INV-0001", Assert.IsType<PaymentDecision.Refuse>(decision).Reason);
    }

    [Fact]
    public void A_payment_of_exactly_the_amount_due_is_posted()
    {
        Assert.IsType<PaymentDecision.Post>(PaymentRules.Decide(Payment(100m), Invoice, []));
    }

    [Theory]
    [InlineData("2026-10-31", "2026-10-31", true)]
    [InlineData("2026-10-30", "2026-10-31", true)]
    [InlineData("2026-11-01", "2026-10-31", false)]
    [InlineData("2026-11-01", null, false)]
    public void A_refund_of_a_payment_dated_on_or_before_the_lock_date_is_in_a_closed_period(string paid, string? locked, bool closed)
    {
        Assert.Equal(closed, PaymentRules.IsPeriodClosed(DateOnly.Parse(paid, System.Globalization.CultureInfo.InvariantCulture), locked is null ? null : DateOnly.Parse(locked, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
