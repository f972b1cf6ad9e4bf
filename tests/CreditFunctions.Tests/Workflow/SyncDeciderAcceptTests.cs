using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

public sealed class SyncDeciderAcceptTests
{
    [Fact]
    public void The_first_event_starts_the_instance_with_a_branch_per_connection_and_a_deadline()
    {
        var spec = DeciderSpec.Given()
            .When(Accept(Target(1, false, Inv1), T0, Allocate, XeroConnection, QboConnection))
            .Then(
                new SyncStarted(Tenant, Doc, [XeroConnection, QboConnection], T0),
                new VersionAccepted(Target(1, false, Inv1), Allocate, T0.AddMinutes(30), T0));

        Assert.Equal(T0, spec.State.AcceptedAt);
        Assert.Equal(T0.AddMinutes(30), spec.State.Deadline);
        Assert.Equal([Xero, Qbo], spec.State.Branches.Select(b => b.ConnectionId));
        Assert.All(spec.State.Branches, b => Assert.Equal(AllocationStatus.Pending, Assert.Single(b.Allocations).Status));
    }

    [Fact]
    public void The_tenant_deadline_sets_the_sla()
    {
        var policy = Allocate with { SyncDeadline = TimeSpan.FromMinutes(5) };

        var spec = DeciderSpec.Given().When(Accept(Target(), T0, policy));

        Assert.Equal(T0.AddMinutes(5), spec.State.Deadline);
    }

    [Fact]
    public void The_same_event_delivered_again_decides_nothing()
    {
        DeciderSpec.Given(Started()).When(Accept(Target(), At(10))).ThenNothing();
    }

    [Fact]
    public void An_event_remembered_from_earlier_versions_decides_nothing()
    {
        DeciderSpec.Given([.. Synced(), new VersionAccepted(Target(2), Allocate, At(100).AddMinutes(30), At(100))])
            .When(Accept(Target(1), At(200)) with { Target = Target(3) with { EventId = "evt_v1" } })
            .ThenNothing();
    }

    [Fact]
    public void An_older_version_is_acknowledged_and_ignored()
    {
        DeciderSpec.Given([.. Started(Target(3))]).When(Accept(Target(2), At(10))).ThenNothing();
    }

    [Fact]
    public void An_equal_version_with_another_event_id_is_ignored()
    {
        DeciderSpec.Given(Started()).When(Accept(Target() with { EventId = "evt_other" }, At(10))).ThenNothing();
    }

    [Fact]
    public void A_newer_version_becomes_the_target_and_a_synced_branch_gets_work_again()
    {
        var spec = DeciderSpec.Given(Synced())
            .When(Accept(Target(2), At(60)))
            .Then(new VersionAccepted(Target(2), Allocate, At(60).AddMinutes(30), At(60)));

        var branch = spec.State.Branch(Xero)!;
        Assert.Equal(BranchPhase.Active, branch.Phase);
        Assert.Equal(2, spec.State.Target!.Version);
        Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(60)));
    }

    [Fact]
    public void A_newer_version_of_an_unsynced_document_keeps_the_original_deadline()
    {
        DeciderSpec.Given(Started())
            .When(Accept(Target(2), At(600)))
            .Then(new VersionAccepted(Target(2), Allocate, T0.AddMinutes(30), At(600)));
    }

    [Fact]
    public void A_void_of_the_same_version_supersedes_it()
    {
        DeciderSpec.Given(Synced())
            .When(Accept(Target(1, voided: true), At(60)))
            .Then(new VersionAccepted(Target(1, voided: true), Allocate, At(60).AddMinutes(30), At(60)));
    }

    [Fact]
    public void A_void_is_final_and_later_versions_are_ignored()
    {
        DeciderSpec.Given([.. Started(), new VersionAccepted(Target(1, voided: true), Allocate, T0.AddMinutes(30), At(5))])
            .When(Accept(Target(2), At(60)))
            .ThenNothing();
    }

    [Fact]
    public void A_first_event_that_voids_voids_every_branch_without_a_call()
    {
        var target = Target(1, voided: true);

        var spec = DeciderSpec.Given()
            .When(Accept(target, T0, Allocate, XeroConnection, QboConnection))
            .Then(
                new SyncStarted(Tenant, Doc, [XeroConnection, QboConnection], T0),
                new VersionAccepted(target, Allocate, T0.AddMinutes(30), T0),
                new BranchVoided(Xero, WithoutCall: true, T0),
                new BranchVoided(Qbo, WithoutCall: true, T0));

        Assert.True(spec.State.IsComplete);
    }

    [Fact]
    public void A_connection_added_later_gets_a_branch_with_the_new_version()
    {
        var spec = DeciderSpec.Given(Synced())
            .When(Accept(Target(2), At(60), Allocate, XeroConnection, QboConnection))
            .Then(new BranchAdded(QboConnection, At(60)), new VersionAccepted(Target(2), Allocate, At(60).AddMinutes(30), At(60)));

        Assert.Equal(2, spec.State.Branches.Count);
    }

    [Fact]
    public void An_event_for_another_document_is_impossible()
    {
        var error = DeciderSpec.ThrowsWhen(DeciderSpec.Given(Started()).State, Accept(Target(2), At(1)) with { CreditNoteId = "cn_other" });

        Assert.Contains("cn_other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_only_skips_every_allocation()
    {
        var spec = DeciderSpec.Given().When(Accept(Target(1, false, Inv1, Inv2), T0, ExportOnly));

        Assert.All(spec.State.Branch(Xero)!.Allocations, a => Assert.Equal(AllocationStatus.Skipped, a.Status));
    }
}
