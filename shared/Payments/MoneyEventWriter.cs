using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CreditFunctions.Documents;

namespace CreditFunctions.Payments;

/// <summary>
/// Writes a <see cref="MoneyEvent"/> as the contract JSON (docs/payments.md "Contract"), property for property what
/// <see cref="OrderEventReader"/> reads, as <see cref="OrderEventWriter"/> does for credit notes: decimals keep their
/// scale, optional fields that are null are left out. Used by clients and tests to build signed bodies.
/// </summary>
public static class MoneyEventWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event as compact UTF-8 JSON.</summary>
    public static byte[] ToUtf8Bytes(MoneyEvent money)
    {
        ArgumentNullException.ThrowIfNull(money);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, money);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the event as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, MoneyEvent money)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(money);

        writer.WriteStartObject();
        writer.WriteString("id", money.Id);
        writer.WriteString("type", MoneyEventNames.Of(money.Type));
        writer.WriteString("occurredAt", money.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        writer.WriteStartObject("data");
        writer.WritePropertyName(MoneyEventNames.DataProperty(money.Type));
        switch (money)
        {
            case { Type: MoneyEventType.PaymentDeleted }:
                writer.WriteStartObject();
                writer.WriteString("id", money.DocumentId);
                writer.WriteEndObject();
                break;
            case { Application: { } application }:
                WriteApplication(writer, money, application);
                break;
            case { Document: { } document }:
                WriteDocument(writer, document);
                break;
            default:
                throw new ArgumentException($"A {MoneyEventNames.Of(money.Type)} event needs its document or application.", nameof(money));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteDocument(Utf8JsonWriter writer, MoneyDocument document)
    {
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        if (document is not PrepaidCreditDocument)
        {
            // A customer credit's or supplier deposit's kind is its event type's.
            writer.WriteString("kind", OrderEventNames.Of(document.Kind));
        }

        writer.WriteStartObject("contact");
        writer.WriteString("id", document.Contact.Id);
        writer.WriteString("name", document.Contact.Name);
        Optional(writer, "email", document.Contact.Email);
        writer.WriteEndObject();
        writer.WriteString("date", Date(document.Date));
        writer.WriteString("currency", document.Currency);
        writer.WriteNumber("amount", document.Amount);

        switch (document)
        {
            case PaymentDocument payment:
                writer.WriteString("invoiceNumber", payment.InvoiceNumber);
                Optional(writer, "bankAccountCode", payment.BankAccountCode);
                Optional(writer, "reference", payment.Reference);
                break;
            case RefundDocument refund:
                WriteRefundOf(writer, refund.Of);
                Optional(writer, "bankAccountCode", refund.BankAccountCode);
                Optional(writer, "reference", refund.Reference);
                if (refund.WriteOff is { } writeOff)
                {
                    writer.WriteStartObject("writeOff");
                    writer.WriteNumber("amount", writeOff.Amount);
                    writer.WriteString("accountCode", writeOff.AccountCode);
                    Optional(writer, "taxType", writeOff.TaxType);
                    writer.WriteEndObject();
                }

                break;
            case OverpaymentDocument overpayment:
                Optional(writer, "invoiceNumber", overpayment.InvoiceNumber);
                writer.WriteNumber("appliedToInvoice", overpayment.AppliedToInvoice);
                Optional(writer, "bankAccountCode", overpayment.BankAccountCode);
                Optional(writer, "reference", overpayment.Reference);
                break;
            case PrepaidCreditDocument credit:
                Optional(writer, "bankAccountCode", credit.BankAccountCode);
                Optional(writer, "holdingAccountCode", credit.HoldingAccountCode);
                Optional(writer, "reference", credit.Reference);
                break;
            default:
                throw new ArgumentException($"Unknown money document {document.GetType().Name}.", nameof(document));
        }

        writer.WriteEndObject();
    }

    private static void WriteRefundOf(Utf8JsonWriter writer, RefundOf of)
    {
        writer.WriteStartObject("of");
        switch (of)
        {
            case { CreditNoteId: { } creditNoteId }:
                writer.WriteString("creditNoteId", creditNoteId);
                break;
            case { Document: MoneyDocumentKind.Payment, DocumentId: { } paymentId }:
                writer.WriteString("paymentId", paymentId);
                break;
            case { Document: MoneyDocumentKind.Overpayment, DocumentId: { } overpaymentId }:
                writer.WriteString("overpaymentId", overpaymentId);
                break;
            case { Document: MoneyDocumentKind.CustomerCredit, DocumentId: { } customerCreditId }:
                writer.WriteString("customerCreditId", customerCreditId);
                break;
            default:
                throw new ArgumentException("A refund pays back a credit note, a payment, an overpayment or a customer credit.", nameof(of));
        }

        writer.WriteEndObject();
    }

    private static void WriteApplication(Utf8JsonWriter writer, MoneyEvent money, CreditApplication application)
    {
        writer.WriteStartObject();
        writer.WriteString("id", application.ApplicationId);
        writer.WriteString("creditId", money.DocumentId);
        writer.WriteString("creditType", MoneyEventNames.CreditType(money.Kind));
        writer.WriteString("invoiceNumber", application.InvoiceNumber);
        writer.WriteNumber("amount", application.Amount);
        writer.WriteString("date", Date(application.Date));
        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
