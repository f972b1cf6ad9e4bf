using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The ledger I/O of one money step, one method per <see cref="MoneyOperation"/>: gather what the step needs (the
/// invoice, the credit note's or the paid document's posting on this connection), ask the pure rules, write under the
/// step's key. Every step looks before it posts (a payment is looked for under its key; the adapters look up every other
/// write by its key), so running it again after a crash or a lost answer finds what the first run made.
/// </summary>
internal sealed class MoneySteps(MoneyStore store, SyncStore credits, MoneyLedgers money, LedgerConnectors connectors)
{
    public async Task<MoneyStepResult> RunAsync(MoneyStepRequest request, MoneyState state, LedgerConnection connection, CancellationToken cancellationToken)
    {
        if (request.Operation != MoneyOperation.RefundCreditNote && !money.Serves(request.Ledger))
        {
            return MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Validation, $"Payments are not served for {request.Ledger} in this deployment."));
        }

        var branch = state.Branch(request.ConnectionId) ?? throw new InvalidOperationException($"No branch {request.ConnectionId} on {state.Key}.");
        return request.Operation switch
        {
            MoneyOperation.PostPayment => await PostPaymentAsync((PaymentDocument)state.Document!, connection, request.Key, cancellationToken),
            MoneyOperation.DeletePayment => await DeletePaymentAsync(state, branch, connection, request.Key, cancellationToken),
            MoneyOperation.RefundCreditNote => await RefundCreditNoteAsync(state, (RefundDocument)state.Document!, connection, request.Key, cancellationToken),
            MoneyOperation.RefundPayment => await RefundPaymentAsync(state, (RefundDocument)state.Document!, connection, request.Key, cancellationToken),
            MoneyOperation.RefundCreditBalance => await RefundCreditBalanceAsync(state, (RefundDocument)state.Document!, connection, request.Key, cancellationToken),
            MoneyOperation.PostOverpayment => await PostOverpaymentAsync((OverpaymentDocument)state.Document!, connection, request.Key, cancellationToken),
            MoneyOperation.PostPrepaidCredit => Posted(await money.Get(connection.Ledger).PostPrepaidCreditAsync(connection, (PrepaidCreditDocument)state.Document!, request.Key, cancellationToken)),
            MoneyOperation.ApplyCredit => await ApplyCreditAsync(state, branch, request.ApplicationId!, connection, request.Key, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown money operation {request.Operation}."),
        };
    }

    private async Task<MoneyStepResult> PostPaymentAsync(PaymentDocument payment, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var ledger = money.Get(connection.Ledger);
        var found = await ledger.FindInvoiceAsync(connection, payment.Kind, payment.InvoiceNumber, cancellationToken);
        if (!found.Succeeded)
        {
            return MoneyStepResult.Failed(found.Failure!);
        }

        if (found.Value is not { } invoice)
        {
            return MoneyStepResult.Waiting($"waiting for invoice {payment.InvoiceNumber}");
        }

        var onInvoice = await ledger.ListInvoicePaymentsAsync(connection, invoice, key, cancellationToken);
        if (!onInvoice.Succeeded)
        {
            return MoneyStepResult.Failed(onInvoice.Failure!);
        }

        switch (PaymentRules.Decide(payment, invoice, onInvoice.Value!))
        {
            case PaymentDecision.AlreadyPosted posted:
                return MoneyStepResult.Done(Posting(posted.Payment), "read back: the ledger holds the payment made under this key");
            case PaymentDecision.Duplicate duplicate:
                return MoneyStepResult.Duplicate(duplicate.Matched.LedgerPaymentId, duplicate.Reason);
            case PaymentDecision.Refuse refuse:
                return MoneyStepResult.Refused(refuse.Reason);
            default:
                var created = await ledger.CreatePaymentAsync(connection, invoice, payment, key, cancellationToken);
                return created.Succeeded ? MoneyStepResult.Done(Posting(created.Value!)) : MoneyStepResult.Failed(AsWriteFailure(created.Failure!));
        }
    }

    /// <summary>
    /// Deletes the payment this branch made. A post whose answer was lost may have landed: each key it was sent under is
    /// looked for before the branch concludes nothing of ours is there. A duplicate's matched payment is never touched.
    /// </summary>
    private async Task<MoneyStepResult> DeletePaymentAsync(MoneyState state, MoneyBranch branch, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var ledger = money.Get(connection.Ledger);
        var ledgerPaymentId = branch.Posting?.LedgerId;
        if (ledgerPaymentId is null && state.Document is PaymentDocument payment)
        {
            var found = await ledger.FindInvoiceAsync(connection, payment.Kind, payment.InvoiceNumber, cancellationToken);
            if (!found.Succeeded)
            {
                return MoneyStepResult.Failed(found.Failure!);
            }

            foreach (var attempted in found.Value is null ? [] : branch.AttemptedKeys)
            {
                var onInvoice = await ledger.ListInvoicePaymentsAsync(connection, found.Value!, new LedgerWriteKey(attempted), cancellationToken);
                if (!onInvoice.Succeeded)
                {
                    return MoneyStepResult.Failed(onInvoice.Failure!);
                }

                ledgerPaymentId ??= onInvoice.Value!.FirstOrDefault(p => p.MadeUnderKey)?.LedgerPaymentId;
            }
        }

        if (ledgerPaymentId is null)
        {
            return MoneyStepResult.Done(null, "deleted in the order system; nothing of ours was in the ledger");
        }

        var deleted = await ledger.DeletePaymentAsync(connection, ledgerPaymentId, key, cancellationToken);
        return deleted.Succeeded
            ? MoneyStepResult.Done(new LedgerMoneyPosting(ledgerPaymentId, null, [$"Payment {ledgerPaymentId} deleted"]), $"ledger payment {ledgerPaymentId} deleted")
            : MoneyStepResult.Failed(AsWriteFailure(deleted.Failure!));
    }

    /// <summary>Cin7's cash refund of a credit: once the credit note is in this ledger, the credit-note port's refund.</summary>
    private async Task<MoneyStepResult> RefundCreditNoteAsync(MoneyState state, RefundDocument refund, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var creditNoteId = refund.Of.CreditNoteId!;
        var noteKey = new SyncInstanceKey(state.TenantId, creditNoteId);
        var loaded = await credits.LoadAsync(noteKey, cancellationToken);
        var noteBranch = loaded?.State.Branches.FirstOrDefault(b => b.ConnectionId == connection.ConnectionId);
        if (noteBranch is not { LedgerDocumentId: { } ledgerDocumentId, AppliedVersion: { } version } || noteBranch.Phase == CreditFunctions.Workflow.BranchPhase.Voided)
        {
            return MoneyStepResult.Waiting($"waiting for credit note {creditNoteId} to sync on {connection.ConnectionId}");
        }

        var note = await credits.LoadDocumentAsync(noteKey, version, cancellationToken)
            ?? throw new InvalidOperationException($"Credit note {noteKey} v{version} is synced but not stored.");
        var refunded = await connectors.Get(connection.Ledger).RefundCreditAsync(
            connection, ledgerDocumentId, note.CreditNote, new CreditRefundRequest(refund.Amount, refund.Date, refund.BankAccountCode, refund.Reference), key, cancellationToken);
        return refunded.Succeeded
            ? MoneyStepResult.Done(new LedgerMoneyPosting(refunded.Value!.RefundId, null, [$"Refund {refunded.Value.RefundId}"]))
            : MoneyStepResult.Failed(AsWriteFailure(refunded.Failure!));
    }

    /// <summary>Ordway's refund of a payment: once the payment is in this ledger; the period is closed when the payment is dated on or before the lock date.</summary>
    private async Task<MoneyStepResult> RefundPaymentAsync(MoneyState state, RefundDocument refund, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var paymentId = refund.Of.DocumentId!;
        var paid = await store.LoadAsync(new MoneyInstanceKey(state.TenantId, MoneyDocumentKind.Payment, paymentId), cancellationToken);
        var paidBranch = paid?.Branch(connection.ConnectionId);
        var ledgerPaymentId = paidBranch?.Status switch
        {
            MoneyBranchStatus.Synced => paidBranch.Posting?.LedgerId,
            MoneyBranchStatus.Duplicate => paidBranch.DuplicateOf, // the ledger's own payment stands for ours
            _ => null,
        };
        if (ledgerPaymentId is null || paid!.Document is not PaymentDocument payment)
        {
            return MoneyStepResult.Waiting($"waiting for payment {paymentId} to sync on {connection.ConnectionId}");
        }

        var ledger = money.Get(connection.Ledger);
        var found = await ledger.FindInvoiceAsync(connection, payment.Kind, payment.InvoiceNumber, cancellationToken);
        if (!found.Succeeded || found.Value is null)
        {
            return found.Succeeded ? MoneyStepResult.Waiting($"waiting for invoice {payment.InvoiceNumber}") : MoneyStepResult.Failed(found.Failure!);
        }

        var locked = await ledger.ReadLockDateAsync(connection, cancellationToken);
        if (!locked.Succeeded)
        {
            return MoneyStepResult.Failed(locked.Failure!);
        }

        var ledgerPayment = new LedgerPayment(ledgerPaymentId, payment.Amount, payment.Date, payment.Reference, payment.BankAccountCode, MadeByService: paidBranch!.Posting is not null);
        return Posted(await ledger.RefundPaymentAsync(connection, found.Value, ledgerPayment, refund, PaymentRules.IsPeriodClosed(payment.Date, locked.Value), key, cancellationToken));
    }

    /// <summary>A cash refund of what is left of an overpayment or customer credit: once that credit is posted on this ledger.</summary>
    private async Task<MoneyStepResult> RefundCreditBalanceAsync(MoneyState state, RefundDocument refund, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var creditKind = refund.Of.Document ?? throw new InvalidOperationException($"Refund {refund.Id} names no document kind.");
        var credit = await store.LoadAsync(new MoneyInstanceKey(state.TenantId, creditKind, refund.Of.DocumentId!), cancellationToken);
        if (credit?.Branch(connection.ConnectionId)?.Posting is not { } posting || credit.Document is not { } creditDocument)
        {
            return MoneyStepResult.Waiting($"waiting for {MoneyRules.Describe(credit ?? state with { Kind = creditKind, DocumentId = refund.Of.DocumentId! })} to sync on {connection.ConnectionId}");
        }

        return Posted(await money.Get(connection.Ledger).RefundCreditBalanceAsync(connection, creditDocument, posting, refund, key, cancellationToken));
    }

    private async Task<MoneyStepResult> PostOverpaymentAsync(OverpaymentDocument overpayment, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var ledger = money.Get(connection.Ledger);
        LedgerInvoice? invoice = null;
        if (overpayment.InvoiceNumber is { } number)
        {
            var found = await ledger.FindInvoiceAsync(connection, overpayment.Kind, number, cancellationToken);
            if (!found.Succeeded || found.Value is null)
            {
                return found.Succeeded ? MoneyStepResult.Waiting($"waiting for invoice {number}") : MoneyStepResult.Failed(found.Failure!);
            }

            invoice = found.Value;
        }

        return Posted(await ledger.PostOverpaymentAsync(connection, invoice, overpayment, key, cancellationToken));
    }

    private async Task<MoneyStepResult> ApplyCreditAsync(MoneyState state, MoneyBranch branch, string applicationId, LedgerConnection connection, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var application = state.Applications.First(a => a.ApplicationId == applicationId);
        var ledger = money.Get(connection.Ledger);
        var found = await ledger.FindInvoiceAsync(connection, state.Document!.Kind, application.InvoiceNumber, cancellationToken);
        if (!found.Succeeded || found.Value is null)
        {
            return found.Succeeded ? MoneyStepResult.Waiting($"waiting for invoice {application.InvoiceNumber}") : MoneyStepResult.Failed(found.Failure!);
        }

        return Posted(await ledger.ApplyCreditAsync(connection, state.Document, branch.Posting!, found.Value, application, key, cancellationToken));
    }

    private static MoneyStepResult Posted(LedgerResult<LedgerMoneyPosting> posted) =>
        posted.Succeeded ? MoneyStepResult.Done(posted.Value) : MoneyStepResult.Failed(AsWriteFailure(posted.Failure!));

    private static LedgerMoneyPosting Posting(LedgerPayment payment) => new(payment.LedgerPaymentId, null, [$"Payment {payment.LedgerPaymentId}"]);

    /// <summary>A 5xx answer to a write does not prove it was not applied: it is resolved like a lost answer, by looking before posting again.</summary>
    private static LedgerFailure AsWriteFailure(LedgerFailure failure) =>
        failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 } ? failure with { Kind = LedgerFailureKind.Ambiguous } : failure;
}
