using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Change Data Capture (Q10, contract §10): <c>GET /cdc?entities=A,B&amp;changedSince=ISO</c> answers the entities of those
/// types changed after the time, deleted ones as <c>{Id, status:"Deleted"}</c>; the look-back is 30 days at most and one
/// answer holds at most 1,000 objects across all entities (the oldest changes first; ask again with a later changedSince).
/// </summary>
internal static class QuickBooksChangeData
{
    public const int MaxObjects = 1000;
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(30);

    public static QuickBooksResponse Run(QuickBooksCompany company, IReadOnlyDictionary<string, string> query, DateTimeOffset now)
    {
        var names = (query.GetValueOrDefault("entities") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return QuickBooksWire.FaultResponse(400, QuickBooksWire.RequiredMissing("entities"), now);
        }

        if (QuickBooksApi.ParseTime(query.GetValueOrDefault("changedSince")) is not { } since)
        {
            return QuickBooksWire.FaultResponse(400, QuickBooksWire.RequiredMissing("changedSince"), now);
        }

        if (now - since > MaxLookBack)
        {
            return QuickBooksWire.Validation("2330", "Invalid changedSince", "changedSince may be at most 30 days in the past.", now, "changedSince");
        }

        var changes = new List<(string Entity, DateTimeOffset At, JsonObject Row)>();
        foreach (var name in names)
        {
            if (!QuickBooksSchema.EntityNames.TryGetValue(name, out var entity))
            {
                return QuickBooksWire.Validation("2010", "Request has invalid or unsupported property", $"CDC does not serve entity {name}.", now, "entities");
            }

            foreach (var row in company.Of(entity).Values)
            {
                if (QuickBooksApi.ParseTime(QuickBooksWire.Text((row["MetaData"] as JsonObject)?["LastUpdatedTime"])) is { } at && at > since)
                {
                    changes.Add((entity, at, (JsonObject)row.DeepClone()));
                }
            }

            foreach (var (deletedEntity, id, at) in company.Deleted.Where(d => d.Entity == entity && d.At > since))
            {
                changes.Add((deletedEntity, at, new JsonObject
                {
                    ["domain"] = "QBO",
                    ["status"] = "Deleted",
                    ["Id"] = id,
                    ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = QuickBooksWire.DateTime(at) },
                }));
            }
        }

        var kept = changes.OrderBy(c => c.At).Take(MaxObjects).ToList();
        var responses = new JsonArray();
        foreach (var group in kept.GroupBy(c => c.Entity))
        {
            responses.Add(new JsonObject
            {
                [group.Key] = new JsonArray([.. group.Select(c => (JsonNode)c.Row)]),
                ["startPosition"] = 1,
                ["maxResults"] = group.Count(),
                ["totalCount"] = group.Count(),
            });
        }

        return QuickBooksWire.Ok("CDCResponse", new JsonArray(new JsonObject { ["QueryResponse"] = responses }), now);
    }
}
