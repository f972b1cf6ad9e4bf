using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Payments.Pull;

/// <summary>
/// One outbound payment webhook event (docs/pull-mode.md "The event"): a payment made (or deleted) in the ledger by
/// someone other than this service. Its <see cref="Id"/> is derived from the outbox key alone — connection, ledger
/// payment id, change — so every attempt, before and after a crash, carries the same id and the receiver can dedupe.
/// </summary>
public sealed record LedgerPaymentEvent(
    string Id,
    PulledPaymentChange Change,
    DateTimeOffset OccurredAt,
    LedgerKind Ledger,
    string ConnectionId,
    string LedgerPaymentId,
    CreditNoteKind Kind,
    string InvoiceNumber,
    decimal Amount,
    string Currency,
    DateOnly Date,
    string? Reference)
{
    public const string CreatedType = "ledger_payment.created";
    public const string DeletedType = "ledger_payment.deleted";

    public string Type => TypeOf(Change);

    public static string TypeOf(PulledPaymentChange change) => change == PulledPaymentChange.Deleted ? DeletedType : CreatedType;

    /// <summary>The event for <paramref name="payment"/> as the ledger of <paramref name="connection"/> reported it.</summary>
    public static LedgerPaymentEvent From(LedgerConnection connection, PulledPayment payment)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(payment);
        var change = payment.Deleted ? PulledPaymentChange.Deleted : PulledPaymentChange.Created;
        return new LedgerPaymentEvent(
            EventId(connection.ConnectionId, payment.LedgerPaymentId, change),
            change,
            payment.UpdatedAt,
            connection.Ledger,
            connection.ConnectionId,
            payment.LedgerPaymentId,
            payment.Kind,
            payment.InvoiceNumber,
            payment.Amount,
            payment.Currency,
            payment.Date,
            payment.Reference);
    }

    /// <summary>
    /// <c>lpe_</c> + the first 32 hex digits of SHA-256 over <c>"{connection}\n{ledgerPaymentId}\n{created|deleted}"</c>:
    /// stable for the outbox key, unique across connections (connection ids are unique across tenants).
    /// </summary>
    public static string EventId(string connectionId, string ledgerPaymentId, PulledPaymentChange change)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(ledgerPaymentId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(connectionId + "\n" + ledgerPaymentId + "\n" + WireChange(change)));
        return "lpe_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static string WireChange(PulledPaymentChange change) => change == PulledPaymentChange.Deleted ? "deleted" : "created";

    public static string WireLedger(LedgerKind ledger) => ledger.ToString().ToLowerInvariant();

    public static string WireKind(CreditNoteKind kind) => kind == CreditNoteKind.Payable ? "payable" : "receivable";

    /// <summary>
    /// The body POSTed to the tenant: the same bytes on every attempt (the signature's timestamp is what changes).
    /// <c>{"id","type","occurredAt","data":{"payment":{ledger, connectionId, ledgerPaymentId, kind, invoiceNumber, amount, currency, date, reference}}}</c>.
    /// </summary>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("type", Type);
            json.WriteString("occurredAt", OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            json.WriteStartObject("payment");
            json.WriteString("ledger", WireLedger(Ledger));
            json.WriteString("connectionId", ConnectionId);
            json.WriteString("ledgerPaymentId", LedgerPaymentId);
            json.WriteString("kind", WireKind(Kind));
            json.WriteString("invoiceNumber", InvoiceNumber);
            json.WriteNumber("amount", Amount);
            json.WriteString("currency", Currency);
            json.WriteString("date", Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (Reference is null)
            {
                json.WriteNull("reference");
            }
            else
            {
                json.WriteString("reference", Reference);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
