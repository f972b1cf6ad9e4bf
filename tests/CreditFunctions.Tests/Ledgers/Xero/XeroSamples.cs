using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Ledgers.Xero;

internal static class XeroSamples
{
    public static CreditNote Note(string number = "CN-1001", string contactId = "CUST-1") => new(
        Id: "doc-" + number,
        Version: 1,
        Number: number,
        Kind: CreditNoteKind.Receivable,
        Date: new DateOnly(2026, 11, 20),
        Currency: "AUD",
        Contact: new CreditNoteContact(contactId, "Customer " + contactId, "c@example.test"),
        AmountsAre: AmountsAre.Exclusive,
        Lines: [new CreditNoteLine("Returned goods", 2m, 50m, "200", "OUTPUT", 10m, 100m)],
        Subtotal: 100m,
        TotalTax: 10m,
        Total: 110m,
        Reference: "INV-1",
        Allocations: []);
}
