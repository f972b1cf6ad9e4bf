using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;
using CreditFunctions.Tenants;

namespace CreditFunctions.Tests.Payments.Pull;

public sealed class PaymentPullRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 30, TimeSpan.Zero);

    [Theory]
    [InlineData(PaymentMode.Both, true)]
    [InlineData(PaymentMode.Pull, true)]
    [InlineData(PaymentMode.Push, false)]
    public void Tenants_in_pull_or_both_mode_are_pulled_and_push_only_tenants_are_not(PaymentMode mode, bool pulled) =>
        Assert.Equal(pulled, PaymentPullRules.Pulls(mode));

    [Fact]
    public void A_connection_never_pulled_is_due()
    {
        Assert.True(PaymentPullRules.IsDue(null, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_connection_is_due_once_its_interval_has_passed_allowing_a_run_a_moment_early()
    {
        var interval = TimeSpan.FromMinutes(5);

        Assert.False(PaymentPullRules.IsDue(Now - TimeSpan.FromMinutes(4), Now, interval));
        Assert.True(PaymentPullRules.IsDue(Now - TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2), Now, interval));
        Assert.True(PaymentPullRules.IsDue(Now - TimeSpan.FromMinutes(6), Now, interval));
    }

    [Fact]
    public void Payments_this_service_made_are_not_recorded_and_the_rest_go_oldest_first()
    {
        var later = Change("p2", Now, madeByService: false);
        var ours = Change("p1", Now.AddMinutes(-2), madeByService: true);
        var earlier = Change("p3", Now.AddMinutes(-1), madeByService: false);

        var recorded = PaymentPullRules.ToRecord([later, ours, earlier]);

        Assert.Equal(["p3", "p2"], recorded.Select(p => p.LedgerPaymentId));
    }

    [Fact]
    public void Only_a_lost_authorisation_is_alerted_and_only_once_until_a_pull_succeeds()
    {
        Assert.True(PaymentPullRules.AlertsOnFailure(LedgerFailureKind.AuthorisationLost, alreadyAlerted: false));
        Assert.False(PaymentPullRules.AlertsOnFailure(LedgerFailureKind.AuthorisationLost, alreadyAlerted: true));
        Assert.False(PaymentPullRules.AlertsOnFailure(LedgerFailureKind.Throttled, alreadyAlerted: false));
        Assert.False(PaymentPullRules.AlertsOnFailure(LedgerFailureKind.DailyLimitReached, alreadyAlerted: false));
    }

    [Fact]
    public void A_failed_delivery_is_tried_again_with_backoff_that_grows_to_five_minutes()
    {
        Assert.Equal(Now + TimeSpan.FromSeconds(1), PaymentPullRules.NextAttempt(1, Now, 0.5));
        Assert.Equal(Now + TimeSpan.FromSeconds(4), PaymentPullRules.NextAttempt(3, Now, 0.5));
        Assert.Equal(Now + TimeSpan.FromMinutes(2.5), PaymentPullRules.NextAttempt(30, Now, 0.5));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    [InlineData(409, false)]
    [InlineData(503, false)]
    public void Only_a_2xx_answer_counts_as_delivered(int status, bool delivered) =>
        Assert.Equal(delivered, PaymentPullRules.Delivered(status));

    [Theory]
    [InlineData(null, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(410, false)]
    public void No_answer_or_a_5xx_means_the_receiver_is_unreachable_and_a_4xx_refuses_one_event(int? status, bool unreachable) =>
        Assert.Equal(unreachable, PaymentPullRules.ReceiverUnreachable(status));

    private static PulledPayment Change(string id, DateTimeOffset updatedAt, bool madeByService) =>
        new(id, CreditNoteKind.Receivable, "INV-1", 10m, new DateOnly(2026, 11, 20), "AUD", null, false, madeByService, updatedAt);
}
