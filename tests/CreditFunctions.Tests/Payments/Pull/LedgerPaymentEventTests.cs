using System.Text.Json;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;

namespace CreditFunctions.Tests.Payments.Pull;

public sealed class LedgerPaymentEventTests
{
    private static readonly LedgerConnection Xero = new("acme-xero", LedgerKind.Xero, "org-1");

    private static readonly PulledPayment Payment = new(
        "8e1c-pay", CreditNoteKind.Receivable, "INV-0042", 1234.50m, new DateOnly(2026, 11, 19), "AUD", "Bank rec 19 Nov", Deleted: false, MadeByService: false,
        new DateTimeOffset(2026, 11, 19, 23, 5, 7, 250, TimeSpan.FromHours(11)));

    [Fact]
    public void The_event_id_depends_on_the_outbox_key_only_so_every_attempt_carries_the_same_id()
    {
        var first = LedgerPaymentEvent.From(Xero, Payment);
        var later = LedgerPaymentEvent.From(Xero, Payment with { Amount = 1.00m, UpdatedAt = Payment.UpdatedAt.AddHours(1), Reference = null });

        Assert.Equal(first.Id, later.Id);
        Assert.Matches("^lpe_[0-9a-f]{32}$", first.Id);
    }

    [Fact]
    public void A_deletion_and_another_connection_or_payment_each_get_their_own_event_id()
    {
        var created = LedgerPaymentEvent.From(Xero, Payment).Id;

        Assert.NotEqual(created, LedgerPaymentEvent.From(Xero, Payment with { Deleted = true }).Id);
        Assert.NotEqual(created, LedgerPaymentEvent.From(Xero with { ConnectionId = "other-xero" }, Payment).Id);
        Assert.NotEqual(created, LedgerPaymentEvent.From(Xero, Payment with { LedgerPaymentId = "8e1c-pay2" }).Id);
    }

    [Fact]
    public void The_body_is_the_contracts_event_with_the_payment_under_data()
    {
        var change = LedgerPaymentEvent.From(Xero, Payment);

        using var json = JsonDocument.Parse(change.ToUtf8Json());
        var root = json.RootElement;
        Assert.Equal(change.Id, root.GetProperty("id").GetString());
        Assert.Equal("ledger_payment.created", root.GetProperty("type").GetString());
        Assert.Equal("2026-11-19T12:05:07.250Z", root.GetProperty("occurredAt").GetString());
        var payment = root.GetProperty("data").GetProperty("payment");
        Assert.Equal("xero", payment.GetProperty("ledger").GetString());
        Assert.Equal("acme-xero", payment.GetProperty("connectionId").GetString());
        Assert.Equal("8e1c-pay", payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal("receivable", payment.GetProperty("kind").GetString());
        Assert.Equal("INV-0042", payment.GetProperty("invoiceNumber").GetString());
        Assert.Equal(1234.50m, payment.GetProperty("amount").GetDecimal());
        Assert.Equal("AUD", payment.GetProperty("currency").GetString());
        Assert.Equal("2026-11-19", payment.GetProperty("date").GetString());
        Assert.Equal("Bank rec 19 Nov", payment.GetProperty("reference").GetString());
    }

    [Fact]
    public void A_deleted_payment_is_a_deleted_event_and_a_missing_reference_is_null()
    {
        var change = LedgerPaymentEvent.From(Xero, Payment with { Deleted = true, Reference = null, Kind = CreditNoteKind.Payable });

        using var json = JsonDocument.Parse(change.ToUtf8Json());
        Assert.Equal("ledger_payment.deleted", json.RootElement.GetProperty("type").GetString());
        var payment = json.RootElement.GetProperty("data").GetProperty("payment");
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("reference").ValueKind);
        Assert.Equal("payable", payment.GetProperty("kind").GetString());
    }

    [Fact]
    public void The_same_event_serialises_to_the_same_bytes_so_a_redelivery_is_the_same_body()
    {
        Assert.Equal(LedgerPaymentEvent.From(Xero, Payment).ToUtf8Json(), LedgerPaymentEvent.From(Xero, Payment).ToUtf8Json());
    }

    [Fact]
    public void An_outbox_row_key_escapes_characters_Azure_forbids_in_keys()
    {
        var key = PulledPaymentStore.OutboxRowKey("acme-xero", "a/b#c?d\\e|f", PulledPaymentChange.Deleted);

        Assert.Equal("out|acme-xero|a%2Fb%23c%3Fd%5Ce%7Cf|deleted", key);
        CreditFunctions.Storage.Tables.TableLimits.ValidateKey(key, "RowKey");
    }
}
