using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Tenants;
using static CreditFunctions.Tests.Payments.Workflow.MoneySamples;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>How a money document is named (instance id, partition, status URL) and how its branches add up to the document's state.</summary>
public sealed class MoneyInstanceKeyTests
{
    [Theory]
    [InlineData(MoneyDocumentKind.Payment, "pay|t1|pay_1", "/api/tenants/t1/payments/pay_1")]
    [InlineData(MoneyDocumentKind.Refund, "rfd|t1|pay_1", "/api/tenants/t1/refunds/pay_1")]
    [InlineData(MoneyDocumentKind.Overpayment, "ovp|t1|pay_1", "/api/tenants/t1/overpayments/pay_1")]
    [InlineData(MoneyDocumentKind.CustomerCredit, "ccr|t1|pay_1", "/api/tenants/t1/customer-credits/pay_1")]
    [InlineData(MoneyDocumentKind.SupplierDeposit, "sdp|t1|pay_1", "/api/tenants/t1/supplier-deposits/pay_1")]
    public void Each_kind_has_its_own_instance_id_and_status_url(MoneyDocumentKind kind, string instanceId, string statusUrl)
    {
        var key = new MoneyInstanceKey("t1", kind, "pay_1");

        Assert.Equal(instanceId, key.InstanceId);
        Assert.Equal(statusUrl, key.StatusUrl);
        Assert.Equal(kind, MoneyInstanceKey.FromRoute(MoneyInstanceKey.Route(kind)));
        Assert.Equal(key, MoneyInstanceKey.FromPartitionKey(key.PartitionKey));
    }

    [Fact]
    public void An_unknown_kind_or_partition_is_not_a_money_document()
    {
        Assert.Null(MoneyInstanceKey.FromRoute("credit-notes"));
        Assert.Throws<FormatException>(() => MoneyInstanceKey.FromPartitionKey("t1|cn_1"));
    }

    [Fact]
    public void A_failed_branch_makes_the_document_failed_whatever_the_other_branch_did()
    {
        var policy = Policy(PaymentMode.Both, new LedgerConnection(Xero, LedgerKind.Xero, "o"), new LedgerConnection(Qbo, LedgerKind.QuickBooks, "r"));
        var state = Given(policy, Created(Payment()));
        state = Then(state, Next(state, At(1), Xero), MoneyStepResult.Done(Posting("lp-1")), At(2), Xero);
        Assert.Equal(MoneyBranchStatus.Pending, MoneyStatusView.From(state, At(2)).State);

        state = Then(state, Next(state, At(2), Qbo), MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Validation, "no")), At(3), Qbo);

        var view = MoneyStatusView.From(state, At(3));
        Assert.Equal(MoneyBranchStatus.Failed, view.State);
        Assert.Equal([MoneyBranchStatus.Synced, MoneyBranchStatus.Failed], view.Ledgers.Select(l => l.State));
        Assert.Equal("lp-1", view.Ledgers[0].LedgerId);
        Assert.True(view.NeedsAttention);
    }
}
