using System.Text;
using CreditFunctions.Documents;
using CreditFunctions.Payments;
using CreditFunctions.TestSupport;

namespace CreditFunctions.Tests.Payments;

public sealed class MoneyEventWriterTests
{
    public static TheoryData<string, MoneyEvent> Samples() => new()
    {
        { "payment", MoneyEventSamples.PaymentCreated(bankAccountCode: "090", reference: "Order 1") },
        { "payable payment without optionals", MoneyEventSamples.PaymentCreated(kind: CreditNoteKind.Payable, invoiceNumber: "BILL-1") },
        { "payment deleted", MoneyEventSamples.PaymentDeleted() },
        { "refund of a credit note", MoneyEventSamples.RefundCreated(RefundOf.CreditNote("cn_1")) },
        { "refund of a payment with a write-off", MoneyEventSamples.RefundCreated(RefundOf.Money(MoneyDocumentKind.Payment, "pay_1"), writeOff: new WriteOff(12.50m, "480", null)) },
        { "refund of an overpayment", MoneyEventSamples.RefundCreated(RefundOf.Money(MoneyDocumentKind.Overpayment, "ovp_1"), reference: "Cash back") },
        { "refund of a customer credit", MoneyEventSamples.RefundCreated(RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc_1"), bankAccountCode: "091") },
        { "overpayment applied in part", MoneyEventSamples.OverpaymentCreated() },
        { "overpayment all credit", MoneyEventSamples.OverpaymentCreated(invoiceNumber: null, appliedToInvoice: 0m, currency: "JPY", amount: 15000m) },
        { "customer credit", MoneyEventSamples.CustomerCreditCreated(holdingAccountCode: "2150", bankAccountCode: "090", reference: "Deposit") },
        { "supplier deposit", MoneyEventSamples.SupplierDepositCreated(currency: "KWD", amount: 10.125m) },
        { "customer credit applied", MoneyEventSamples.CustomerCreditApplied() },
        { "overpayment applied", MoneyEventSamples.CustomerCreditApplied("ovp_1", creditKind: MoneyDocumentKind.Overpayment) },
        { "supplier deposit applied", MoneyEventSamples.SupplierDepositApplied(amount: 0.0001m) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void What_is_written_reads_back_as_the_same_event(string sample, MoneyEvent money)
    {
        var result = OrderEventReader.Read(MoneyEventWriter.ToUtf8Bytes(money));

        Assert.True(result.Succeeded, sample + ": " + string.Join("; ", result.Problem?.Errors.Select(e => $"{e.Field} {e.Message}") ?? []));
        Assert.Equal(money, result.Money);
    }

    [Fact]
    public void Amounts_keep_their_scale_and_optional_fields_are_left_out()
    {
        var json = Encoding.UTF8.GetString(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(amount: 100.00m)));

        Assert.Equal(
            """{"id":"evt_pay_1","type":"payment.created","occurredAt":"2026-11-21T09:00:00+00:00","data":{"payment":{"id":"pay_1","kind":"receivable","contact":{"id":"cust_42","name":"Cafe Luna","email":"accounts@cafeluna.example"},"date":"2026-11-21","currency":"AUD","amount":100.00,"invoiceNumber":"INV-1"}}}""",
            json);
    }

    [Theory]
    [MemberData(nameof(MoneyEventReaderTests.Types), MemberType = typeof(MoneyEventReaderTests))]
    public void Each_served_example_reads_the_same_after_writing(string type)
    {
        var read = OrderEventReader.Read(MoneyEventJson.Bytes(type)).Money!;

        Assert.Equal(read, OrderEventReader.Read(MoneyEventWriter.ToUtf8Bytes(read)).Money);
    }

    [Fact]
    public void A_created_event_without_its_document_is_not_written()
    {
        var broken = MoneyEventSamples.PaymentCreated() with { Document = null };

        Assert.Throws<ArgumentException>(() => MoneyEventWriter.ToUtf8Bytes(broken));
    }
}
