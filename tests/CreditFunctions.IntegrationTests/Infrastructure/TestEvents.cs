using CreditFunctions.Documents;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>Valid order events for the end-to-end tests: the contract's example, varied by id, number, version and allocations.</summary>
public static class TestEvents
{
    public static OrderEvent CreditNote(
        string creditNoteId,
        long version = 1,
        OrderEventType type = OrderEventType.CreditNoteCreated,
        decimal net = 200.00m,
        IReadOnlyList<AllocationRequest>? allocations = null,
        string? number = null,
        DateOnly? date = null,
        string? eventId = null)
    {
        var tax = Math.Round(net * 0.1m, 2, MidpointRounding.AwayFromZero);
        var note = new CreditNote(
            Id: creditNoteId,
            Version: version,
            Number: number ?? "CN-" + creditNoteId,
            Kind: CreditNoteKind.Receivable,
            Date: date ?? new DateOnly(2026, 11, 20),
            Currency: "AUD",
            Contact: new CreditNoteContact("cust_42", "Cafe Luna", "accounts@cafeluna.example"),
            AmountsAre: AmountsAre.Exclusive,
            Lines: [new CreditNoteLine("Damaged: 2 x Flat white beans 1kg", 2m, net / 2m, "200", "OUTPUT", tax, net)],
            Subtotal: net,
            TotalTax: tax,
            Total: net + tax,
            Reference: "Order 5567",
            Allocations: allocations ?? []);
        return new OrderEvent(eventId ?? $"evt_{creditNoteId}_v{version}_{type}", type, new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero), note);
    }
}
