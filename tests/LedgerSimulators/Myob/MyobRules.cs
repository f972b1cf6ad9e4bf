using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Rules every write shares: nothing MYOB creates may be sent on POST, RowVersion on PUT, and the lock period.</summary>
internal static class MyobRules
{
    /// <summary>
    /// POST must omit UID, RowVersion and the lines' RowID/RowVersion: sending them "will cause a conflict and result in
    /// the error 409" (contract §1; apisupport 4788117269647). An all-zero UID counts as absent: the SDK writes one on
    /// every POST (contract §13).
    /// </summary>
    public static MyobResponse? CreatedFieldsOnPost(JsonObject body)
    {
        if (MyobApiRequest.LinkUid(body) is not null || HasValue(body["RowVersion"]))
        {
            return Conflict("UID and RowVersion are created by MYOB: omit them when creating a record.");
        }

        return body["Lines"] is JsonArray lines && lines.OfType<JsonObject>().Any(l => HasValue(l["RowID"]) || HasValue(l["RowVersion"]))
            ? Conflict("Lines' RowID and RowVersion are created by MYOB: omit them when creating a record.")
            : null;
    }

    /// <summary>PUT needs the record's current RowVersion; anything else is 409 IncorrectRowVersionSupplied (M5; contract §1).</summary>
    public static MyobResponse? RowVersionOnPut(JsonObject body, MyobRecord record) =>
        MyobApiRequest.Text(body["RowVersion"]) is { } supplied && supplied == record.RowVersion
            ? null
            : Conflict($"The RowVersion supplied does not match the current RowVersion of the record ({record.Uid}); read it again and resend.");

    /// <summary>
    /// Company/Preferences LockPeriodPriorTo "disallow entries prior to [value]" (contract §7); Ocerra reports that the
    /// lock date itself is refused too (contract §10), which the simulator follows: <paramref name="date"/> on or before it is locked.
    /// </summary>
    public static MyobResponse? Locked(MyobCompanyFile file, DateOnly date) =>
        file.LockPeriodPriorTo is { } locked && date <= locked
            ? MyobResponse.Error(
                400,
                "BusinessEvent_DateOccured_InLockPeriod",
                $"The transaction date {date:yyyy-MM-dd} is within the locked period: entries prior to {locked:yyyy-MM-dd} are not allowed (the lock date included).",
                "Date")
            : null;

    public static MyobResponse Conflict(string message) => MyobResponse.Error(409, "IncorrectRowVersionSupplied", message, "RowVersion");

    private static bool HasValue(JsonNode? node) => node is JsonValue v && !(v.TryGetValue<string>(out var s) && s.Length == 0);
}
