using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>What a write did: the entity as stored (wire form), or the Fault that refused it.</summary>
internal readonly record struct QuickBooksOutcome(JsonObject? Entity, JsonObject? Fault)
{
    public static QuickBooksOutcome Refused(JsonObject fault) => new(null, fault);
}

/// <summary>
/// The rules of one company's books (docs/quickbooks-simulator.md cites each): create, full and sparse update with
/// SyncToken (Q7), delete, void, the zero-amount Payment that applies a CreditMemo to an Invoice (Q2), un-applying by
/// editing or deleting the Payment (Q3), RefundReceipt and JournalEntry (Q4), the closing date (Q8). Callers hold the
/// store lock; entities are stored in wire form and derived fields (Balance, RemainingCredit, UnappliedAmt,
/// LinkedTxn) are recomputed after every change.
/// </summary>
internal sealed class QuickBooksBooks(QuickBooksCompany company, DateTimeOffset now)
{
    private DateOnly Today => DateOnly.FromDateTime(now.UtcDateTime);

    public QuickBooksOutcome Read(string entity, string id) =>
        company.Find(entity, id) is { } found ? new(found, null) : QuickBooksOutcome.Refused(QuickBooksWire.NotFound(entity, id));

    public QuickBooksOutcome Create(string entity, JsonObject body)
    {
        if (Unsupported(entity, body) is { } unsupported)
        {
            return QuickBooksOutcome.Refused(unsupported);
        }

        var stored = Clean(entity, body);
        stored.Remove("Id");
        var outcome = Validate(entity, stored, existing: null);
        if (outcome is { } fault)
        {
            return QuickBooksOutcome.Refused(fault);
        }

        var id = company.NewId();
        stored["Id"] = id;
        stored["SyncToken"] = "0";
        Stamp(stored, created: true);
        company.Of(entity)[id] = stored;
        Recompute();
        return new(stored, null);
    }

    /// <summary>Full update (omitted writable fields are cleared) or, with <c>sparse: true</c>, only the fields sent; a sent Line replaces every line (contract §10).</summary>
    public QuickBooksOutcome Update(string entity, JsonObject body)
    {
        if (Unsupported(entity, body) is { } unsupported)
        {
            return QuickBooksOutcome.Refused(unsupported);
        }

        if (Current(entity, body, out var existing) is { } refused)
        {
            return QuickBooksOutcome.Refused(refused);
        }

        var sparse = body["sparse"]?.GetValue<bool>() == true;
        var stored = sparse ? (JsonObject)existing!.DeepClone() : new JsonObject();
        foreach (var (name, value) in Clean(entity, body))
        {
            stored[name] = value?.DeepClone();
        }

        stored["Id"] = existing!["Id"]!.DeepClone();
        if (Closed(existing) is { } closedBefore)
        {
            return QuickBooksOutcome.Refused(closedBefore);
        }

        if (Validate(entity, stored, existing) is { } fault)
        {
            return QuickBooksOutcome.Refused(fault);
        }

        stored["MetaData"] = existing["MetaData"]!.DeepClone();
        Bump(stored, existing);
        company.Of(entity)[QuickBooksWire.Text(existing["Id"])!] = stored;
        Recompute();
        return new(stored, null);
    }

    /// <summary>
    /// <c>operation=delete</c> with <c>{Id, SyncToken}</c> (contract §10). A CreditMemo or Invoice a live Payment applies
    /// cannot go until the Payment is changed or deleted (the simulator's reading of Q2/Q3; QBO's own message is UNVERIFIED).
    /// </summary>
    public QuickBooksOutcome Delete(string entity, JsonObject body)
    {
        if (Current(entity, body, out var existing) is { } refused)
        {
            return QuickBooksOutcome.Refused(refused);
        }

        if (Closed(existing!) is { } closed)
        {
            return QuickBooksOutcome.Refused(closed);
        }

        var id = QuickBooksWire.Text(existing!["Id"])!;
        if (entity is "CreditMemo" or "Invoice" or "JournalEntry" or "Bill" or "VendorCredit" && Applied(entity, id, exceptPayment: null) > 0m)
        {
            return QuickBooksOutcome.Refused(QuickBooksWire.Business($"This {entity} is linked to a Payment that applies it. Unapply it first (edit or delete the Payment), then delete it."));
        }

        company.Of(entity).Remove(id);
        company.Deleted.Add((entity, id, now));
        Recompute();
        return new(new JsonObject { ["domain"] = "QBO", ["status"] = "Deleted", ["Id"] = id }, null);
    }

    /// <summary>
    /// Void: Invoice by <c>operation=void</c>; Payment only by <c>operation=update&amp;include=void</c> (contract §5, §10):
    /// the entity stays, "all amounts and quantities are zeroed", and "Voided" is prepended to PrivateNote.
    /// </summary>
    public QuickBooksOutcome Void(string entity, JsonObject body)
    {
        if (Current(entity, body, out var existing) is { } refused)
        {
            return QuickBooksOutcome.Refused(refused);
        }

        if (Closed(existing!) is { } closed)
        {
            return QuickBooksOutcome.Refused(closed);
        }

        var id = QuickBooksWire.Text(existing!["Id"])!;
        if (entity == "Invoice" && Applied(entity, id, null) > 0m)
        {
            return QuickBooksOutcome.Refused(QuickBooksWire.Business("This Invoice has payments applied; unapply them before voiding."));
        }

        var stored = (JsonObject)existing.DeepClone();
        foreach (var line in Lines(stored))
        {
            line["Amount"] = 0m;
        }

        stored["TotalAmt"] = 0m;
        stored["Balance"] = 0m;
        company.Voided.Add((entity, id));
        var note = QuickBooksWire.Text(stored["PrivateNote"]);
        stored["PrivateNote"] = string.IsNullOrEmpty(note) ? "Voided" : "Voided - " + note;
        Bump(stored, existing);
        company.Of(entity)[id] = stored;
        Recompute();
        return new(stored, null);
    }

    private JsonObject? Current(string entity, JsonObject body, out JsonObject? existing)
    {
        var id = QuickBooksWire.Text(body["Id"]);
        existing = company.Find(entity, id);
        if (id is null)
        {
            return QuickBooksWire.RequiredMissing("Id");
        }

        if (existing is null)
        {
            return QuickBooksWire.NotFound(entity, id);
        }

        var syncToken = QuickBooksWire.Text(body["SyncToken"]);
        if (syncToken is null)
        {
            // ruckus/quickbooks-ruby #437: "Required parameter SyncToken is missing".
            return QuickBooksWire.RequiredMissing("SyncToken");
        }

        var current = QuickBooksWire.Text(existing["SyncToken"])!;
        return syncToken == current ? null : QuickBooksWire.Stale(entity, id, syncToken, current);
    }

    private static JsonObject? Unsupported(string entity, JsonObject body)
    {
        var allowed = QuickBooksSchema.Writable[entity];
        foreach (var (name, value) in body)
        {
            if (!allowed.Contains(name) && !QuickBooksSchema.ReadOnly.Contains(name))
            {
                return QuickBooksWire.Fault("ValidationFault", "2010", "Request has invalid or unsupported property", $"Property Name:{name} specified is unsupported or invalid", name);
            }

            if (name == "Line" && value is JsonArray lines
                && lines.OfType<JsonObject>().SelectMany(l => l.Select(p => p.Key)).FirstOrDefault(n => !QuickBooksSchema.LineNames.Contains(n)) is { } bad)
            {
                return QuickBooksWire.Fault("ValidationFault", "2010", "Request has invalid or unsupported property", $"Property Name:Line.{bad} specified is unsupported or invalid", "Line." + bad);
            }
        }

        return null;
    }

    /// <summary>Keeps the writable names only (read-only ones the client echoed are recomputed).</summary>
    private static JsonObject Clean(string entity, JsonObject body)
    {
        var allowed = QuickBooksSchema.Writable[entity];
        var result = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (allowed.Contains(name) && name != "sparse" && name != "SyncToken" && !(entity != "Payment" && name == "LinkedTxn"))
            {
                result[name] = value?.DeepClone();
            }
        }

        if (entity is "Payment" or "BillPayment" && body["TotalAmt"] is { } total)
        {
            result["TotalAmt"] = total.DeepClone(); // required on create even though the XSD says non-writable (contract §5)
        }

        return result;
    }

    private JsonObject? Validate(string entity, JsonObject stored, JsonObject? existing)
    {
        if (entity is not ("Customer" or "Vendor") && Closed(stored) is { } closed)
        {
            return closed;
        }

        return entity switch
        {
            "Customer" or "Vendor" => ValidateName(entity, stored, existing),
            "Invoice" or "CreditMemo" or "RefundReceipt" => QuickBooksSalesForm.Apply(company, entity, stored, Applied(entity, QuickBooksWire.Text(existing?["Id"]), null)),
            "Payment" => QuickBooksPaymentRules.Validate(company, stored, QuickBooksWire.Text(existing?["Id"]), Applied),
            "JournalEntry" => QuickBooksJournal.Validate(company, stored),
            "Bill" or "VendorCredit" => QuickBooksPayables.ValidateExpense(company, entity, stored) ?? Overapplied(entity, stored, existing),
            "Purchase" => QuickBooksPayables.ValidateExpense(company, entity, stored),
            "Deposit" => QuickBooksPayables.ValidateDeposit(company, stored),
            "BillPayment" => QuickBooksPayables.ValidateBillPayment(company, stored, QuickBooksWire.Text(existing?["Id"]), Applied),
            _ => QuickBooksWire.Fault("ValidationFault", "2010", "Unsupported entity", entity),
        };
    }

    /// <summary>A Bill or VendorCredit changed below what bill payments already apply to it is refused (as an Invoice is, QuickBooksSalesForm).</summary>
    private JsonObject? Overapplied(string entity, JsonObject stored, JsonObject? existing)
    {
        var applied = Applied(entity, QuickBooksWire.Text(existing?["Id"]), null);
        return QuickBooksWire.Number(stored["TotalAmt"]) < applied
            ? QuickBooksWire.Business($"The {entity} total ({QuickBooksWire.Number(stored["TotalAmt"]):0.00}) is less than the bill payments applying it ({applied:0.00}).")
            : null;
    }

    private JsonObject? ValidateName(string entity, JsonObject stored, JsonObject? existing)
    {
        var name = QuickBooksWire.Text(stored["DisplayName"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            return QuickBooksWire.RequiredMissing("DisplayName");
        }

        // Contract §8: DisplayName is unique across names; a duplicate is 6240 "Duplicate Name Exists".
        var existingId = QuickBooksWire.Text(existing?["Id"]);
        if (company.Of("Customer").Values.Concat(company.Of("Vendor").Values).Any(c => QuickBooksWire.Text(c["Id"]) != existingId && string.Equals(QuickBooksWire.Text(c["DisplayName"]), name, StringComparison.OrdinalIgnoreCase)))
        {
            return QuickBooksWire.Fault("ValidationFault", "6240", "Duplicate Name Exists Error", "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.");
        }

        stored["Active"] ??= true;
        return null;
    }

    /// <summary>Q8: a transaction dated on or before BookCloseDate cannot be added, changed or removed.</summary>
    private JsonObject? Closed(JsonObject transaction)
    {
        if (company.BookCloseDate is not { } closeDate || transaction["DisplayName"] is not null)
        {
            return null;
        }

        var date = QuickBooksWire.ParseDate(QuickBooksWire.Text(transaction["TxnDate"])) ?? Today;
        transaction["TxnDate"] ??= QuickBooksWire.Date(Today);
        return date <= closeDate ? QuickBooksWire.PeriodClosed(closeDate) : null;
    }

    /// <summary>How much of an Invoice, CreditMemo or JournalEntry live Payments (of a Bill or VendorCredit, BillPayments) apply (optionally leaving one payment out).</summary>
    public decimal Applied(string entity, string? id, string? exceptPayment) =>
        id is null ? 0m : company.Of(QuickBooksPayables.Applied.Contains(entity) ? "BillPayment" : "Payment").Values
            .Where(p => QuickBooksWire.Text(p["Id"]) != exceptPayment)
            .SelectMany(Lines)
            .Where(l => Links(l, entity, id))
            .Sum(l => QuickBooksWire.Number(l["Amount"]));

    /// <summary>One pass over the live payments, then each document: linear in the size of the books.</summary>
    private void Recompute()
    {
        var payments = company.Of("Payment").Values.Concat(company.Of("BillPayment").Values).ToList();
        var applied = new Dictionary<(string Type, string Id), decimal>();
        var linking = new Dictionary<(string Type, string Id), List<string>>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var payment in payments)
        {
            var paymentId = QuickBooksWire.Text(payment["Id"])!;
            foreach (var line in Lines(payment))
            {
                var amount = QuickBooksWire.Number(line["Amount"]);
                foreach (var link in (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var key = (QuickBooksWire.Text(link["TxnType"]) ?? "", QuickBooksWire.Text(link["TxnId"]) ?? "");
                    applied[key] = applied.GetValueOrDefault(key) + amount;
                    if (amount != 0m)
                    {
                        if (!linking.TryGetValue(key, out var ids))
                        {
                            ids = [];
                            linking[key] = ids;
                        }

                        if (!ids.Contains(paymentId))
                        {
                            ids.Add(paymentId);
                        types[paymentId] = payment["VendorRef"] is null ? "Payment" : "BillPayment";
                        }
                    }
                }
            }

            if (payment["VendorRef"] is null)
            {
                payment["UnappliedAmt"] = QuickBooksWire.Number(payment["TotalAmt"]) - QuickBooksPaymentRules.Net(payment);
            }
        }

        foreach (var entity in new[] { "Invoice", "CreditMemo", "Bill", "VendorCredit" })
        {
            foreach (var (id, document) in company.Of(entity))
            {
                var open = QuickBooksWire.Number(document["TotalAmt"]) - applied.GetValueOrDefault((entity, id));
                document["Balance"] = open;
                if (entity == "CreditMemo")
                {
                    document["RemainingCredit"] = open;
                }

                if (linking.TryGetValue((entity, id), out var ids))
                {
                    document["LinkedTxn"] = new JsonArray([.. ids.Select(p => (JsonNode)new JsonObject { ["TxnId"] = p, ["TxnType"] = types[p] })]);
                }
                else
                {
                    document.Remove("LinkedTxn");
                }
            }
        }
    }

    private void Stamp(JsonObject stored, bool created)
    {
        var time = QuickBooksWire.DateTime(now);
        stored["domain"] = "QBO";
        stored["sparse"] = false;
        stored["MetaData"] = created
            ? new JsonObject { ["CreateTime"] = time, ["LastUpdatedTime"] = time }
            : stored["MetaData"];
        if (!created && stored["MetaData"] is JsonObject meta)
        {
            meta["LastUpdatedTime"] = time;
        }
    }

    private void Bump(JsonObject stored, JsonObject existing)
    {
        stored["SyncToken"] = (int.Parse(QuickBooksWire.Text(existing["SyncToken"])!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        stored["MetaData"] = existing["MetaData"]!.DeepClone();
        Stamp(stored, created: false);
    }

    public static IEnumerable<JsonObject> Lines(JsonObject document) => (document["Line"] as JsonArray ?? []).OfType<JsonObject>();

    public static bool Links(JsonObject line, string type, string id) =>
        (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>().Any(t => QuickBooksWire.Text(t["TxnType"]) == type && QuickBooksWire.Text(t["TxnId"]) == id);
}
