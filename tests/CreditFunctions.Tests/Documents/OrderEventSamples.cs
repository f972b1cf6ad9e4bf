using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

/// <summary>The example event of contracts/order-events.md, verbatim, and ways to break it.</summary>
internal static class OrderEventSamples
{
    public const string ContractExample = """
        {
          "id": "evt_7f3c2a",
          "type": "credit_note.created",
          "occurredAt": "2026-11-20T10:15:00Z",
          "data": {
            "creditNote": {
              "id": "cn_1001",
              "version": 1,
              "number": "CN-1001",
              "kind": "receivable",
              "date": "2026-11-20",
              "currency": "AUD",
              "contact": { "id": "cust_42", "name": "Cafe Luna", "email": "accounts@cafeluna.example" },
              "amountsAre": "exclusive",
              "lines": [
                { "description": "Damaged: 2 x Flat white beans 1kg", "quantity": 2, "unitAmount": 100.00,
                  "accountCode": "200", "taxType": "OUTPUT", "taxAmount": 20.00, "lineAmount": 200.00 }
              ],
              "subtotal": 200.00,
              "totalTax": 20.00,
              "total": 220.00,
              "reference": "Order 5567",
              "allocations": [ { "invoiceNumber": "INV-0001", "amount": 220.00, "date": "2026-11-20" } ]
            }
          }
        }
        """;

    public static byte[] ExampleBytes => Encoding.UTF8.GetBytes(ContractExample);

    /// <summary>The example with <paramref name="change"/> applied to its parsed form.</summary>
    public static byte[] Changed(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(ContractExample)!.AsObject();
        change(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static JsonObject Note(JsonObject root) => root["data"]!["creditNote"]!.AsObject();

    public static JsonObject Line(JsonObject root, int index = 0) => Note(root)["lines"]![index]!.AsObject();

    /// <summary>A valid event built in code: a credit note with the given lines (exclusive, tax 10%).</summary>
    public static OrderEvent Event(string id = "evt_1", long version = 1, OrderEventType type = OrderEventType.CreditNoteCreated, int lines = 1)
    {
        var noteLines = Enumerable.Range(0, lines)
            .Select(i => new CreditNoteLine($"Line {i}", 2m, 10.00m, "200", "OUTPUT", 2.00m, 20.00m))
            .ToArray();
        var subtotal = noteLines.Sum(l => l.LineAmount);
        var tax = noteLines.Sum(l => l.TaxAmount);
        var note = new CreditNote(
            "cn_1", version, "CN-1", CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD",
            new CreditNoteContact("cust_1", "Cafe Luna", null), AmountsAre.Exclusive, noteLines,
            subtotal, tax, subtotal + tax, null, [new AllocationRequest("INV-1", 5.00m, new DateOnly(2026, 11, 20))]);
        return new OrderEvent(id, type, new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.FromHours(11)), note);
    }
}
