using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CreditFunctions.Documents;

/// <summary>
/// Writes an <see cref="OrderEvent"/> as the contract JSON (contracts/order-events.md), property for property
/// what <see cref="OrderEventReader"/> reads. Decimals keep their scale (<c>100.00</c> stays <c>100.00</c>);
/// optional fields that are null are left out. Used to store an accepted event and by clients and tests to
/// build signed bodies (<see cref="WebhookSignature.Sign(string, long, ReadOnlySpan{byte})"/>).
/// </summary>
public static class OrderEventWriter
{
    // The body is data, never embedded in HTML, so '+' and non-ASCII text are written as themselves.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event as compact UTF-8 JSON.</summary>
    public static byte[] ToUtf8Bytes(OrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, orderEvent);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the event as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, OrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(orderEvent);

        writer.WriteStartObject();
        writer.WriteString("id", orderEvent.Id);
        writer.WriteString("type", OrderEventNames.Of(orderEvent.Type));

        // ISO 8601 with the offset the sender gave (the reader refuses a timestamp without one).
        writer.WriteString("occurredAt", orderEvent.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        writer.WriteStartObject("data");
        writer.WritePropertyName("creditNote");
        WriteCreditNote(writer, orderEvent.CreditNote);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCreditNote(Utf8JsonWriter writer, CreditNote note)
    {
        writer.WriteStartObject();
        writer.WriteString("id", note.Id);
        writer.WriteNumber("version", note.Version);
        writer.WriteString("number", note.Number);
        writer.WriteString("kind", OrderEventNames.Of(note.Kind));
        writer.WriteString("date", Date(note.Date));
        writer.WriteString("currency", note.Currency);
        writer.WriteStartObject("contact");
        writer.WriteString("id", note.Contact.Id);
        writer.WriteString("name", note.Contact.Name);
        if (note.Contact.Email is not null)
        {
            writer.WriteString("email", note.Contact.Email);
        }

        writer.WriteEndObject();
        writer.WriteString("amountsAre", OrderEventNames.Of(note.AmountsAre));
        writer.WriteStartArray("lines");
        foreach (var line in note.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("description", line.Description);
            writer.WriteNumber("quantity", line.Quantity);
            writer.WriteNumber("unitAmount", line.UnitAmount);
            writer.WriteString("accountCode", line.AccountCode);
            if (line.TaxType is not null)
            {
                writer.WriteString("taxType", line.TaxType);
            }

            writer.WriteNumber("taxAmount", line.TaxAmount);
            writer.WriteNumber("lineAmount", line.LineAmount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("subtotal", note.Subtotal);
        writer.WriteNumber("totalTax", note.TotalTax);
        writer.WriteNumber("total", note.Total);
        if (note.Reference is not null)
        {
            writer.WriteString("reference", note.Reference);
        }

        writer.WriteStartArray("allocations");
        foreach (var allocation in note.Allocations)
        {
            writer.WriteStartObject();
            writer.WriteString("invoiceNumber", allocation.InvoiceNumber);
            writer.WriteNumber("amount", allocation.Amount);
            writer.WriteString("date", Date(allocation.Date));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
