using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// Entity group transactions: validation (Azure's rules, which Azurite does not enforce), the multipart/mixed body and
/// a lenient parser for the multipart answer (azure-platform.md §3.4, §7.4 pitfall 10).
/// </summary>
internal static class TableBatch
{
    /// <summary>
    /// Refuses what Azure refuses: empty, over 100 actions, more than one PartitionKey (Azurite accepts that one and
    /// applies it), the same row twice, or an invalid entity. Size is checked on the built body.
    /// </summary>
    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > TableLimits.MaxTransactionActions)
        {
            throw new ArgumentException(
                $"A transaction holds at most {TableLimits.MaxTransactionActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A transaction must stay in one partition; it has '{partitionKey}' and '{action.Entity.PartitionKey}'. (Azurite would accept it; Azure refuses.)",
                    nameof(actions));
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"A transaction may touch each row once; RowKey '{action.Entity.RowKey}' appears twice.", nameof(actions));
            }

            if (action.ActionType == TableTransactionActionType.Delete)
            {
                TableLimits.ValidateKey(action.Entity.PartitionKey, nameof(TableEntity.PartitionKey));
                TableLimits.ValidateKey(action.Entity.RowKey, nameof(TableEntity.RowKey));
            }
            else
            {
                TableLimits.ValidateEntity(action.Entity);
            }
        }
    }

    /// <summary>Builds the body; throws when it exceeds 4 MiB.</summary>
    public static byte[] BuildBody(IReadOnlyList<TableTransactionAction> actions, string tableUrl, string batchBoundary, string changesetBoundary)
    {
        var body = new MemoryStream();
        void Line(string text = "")
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\r\n");
            body.Write(bytes);
        }

        Line($"--{batchBoundary}");
        Line($"Content-Type: multipart/mixed; boundary={changesetBoundary}");
        Line();
        foreach (var action in actions)
        {
            Line($"--{changesetBoundary}");
            Line("Content-Type: application/http");
            Line("Content-Transfer-Encoding: binary");
            Line();
            var (method, url, ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUrl, (string?)null),
                TableTransactionActionType.UpdateMerge => ("MERGE", tableUrl + TableKeys.Path(action.Entity.PartitionKey, action.Entity.RowKey), IfMatch(action.ETag)),
                TableTransactionActionType.UpdateReplace => ("PUT", tableUrl + TableKeys.Path(action.Entity.PartitionKey, action.Entity.RowKey), IfMatch(action.ETag)),
                TableTransactionActionType.Delete => ("DELETE", tableUrl + TableKeys.Path(action.Entity.PartitionKey, action.Entity.RowKey), IfMatch(action.ETag)),
                TableTransactionActionType.UpsertMerge => ("MERGE", tableUrl + TableKeys.Path(action.Entity.PartitionKey, action.Entity.RowKey), null),
                TableTransactionActionType.UpsertReplace => ("PUT", tableUrl + TableKeys.Path(action.Entity.PartitionKey, action.Entity.RowKey), null),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown action type."),
            };
            Line($"{method} {url} HTTP/1.1");
            Line("Accept: application/json;odata=minimalmetadata");
            Line("DataServiceVersion: 3.0");
            if (ifMatch is not null)
            {
                Line($"If-Match: {ifMatch}");
            }

            if (action.ActionType == TableTransactionActionType.Delete)
            {
                Line();
            }
            else
            {
                if (action.ActionType == TableTransactionActionType.Add)
                {
                    Line("Prefer: return-no-content");
                }

                var json = TableEntityJson.Serialize(action.Entity);
                Line("Content-Type: application/json");
                Line();
                body.Write(json);
                Line();
            }
        }

        Line($"--{changesetBoundary}--");
        Line();
        Line($"--{batchBoundary}--");

        if (body.Length > TableLimits.MaxTransactionBytes)
        {
            throw new ArgumentException(
                $"The transaction body is {body.Length:N0} bytes; Azure allows {TableLimits.MaxTransactionBytes:N0} (4 MiB). Split it.", nameof(actions));
        }

        return body.ToArray();
    }

    /// <summary>Sub-responses in order: status, ETag, body. Parses leniently (Azurite's boundaries can be malformed, §7.4 pitfall 10).</summary>
    public static IReadOnlyList<SubResponse> ParseResponse(string body)
    {
        var results = new List<SubResponse>();
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                continue;
            }

            var statusText = lines[i].Split(' ', 3);
            var status = statusText.Length > 1 && int.TryParse(statusText[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var etag = default(ETag);
            i++;
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && lines[i][..colon].Trim().Equals("ETag", StringComparison.OrdinalIgnoreCase))
                {
                    etag = new ETag(lines[i][(colon + 1)..].Trim());
                }
            }

            var content = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                content.Append(lines[i]).Append('\n');
            }

            i--;
            results.Add(new SubResponse(status, etag, content.ToString().Trim()));
        }

        return results;
    }

    /// <summary>The error code and the failed action's index from a sub-response body such as <c>{"odata.error":{"code":"EntityAlreadyExists","message":{"value":"2:The specified entity already exists."}}}</c>.</summary>
    public static (string? Code, int? Index) ParseError(string content)
    {
        if (!content.StartsWith('{'))
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(content);
            if (!doc.RootElement.TryGetProperty("odata.error", out var error))
            {
                return (null, null);
            }

            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v)
                ? v.GetString()
                : null;
            int? index = null;
            var colon = message?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon > 0 && int.TryParse(message![..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
            }

            return (code, index);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string IfMatch(ETag etag) => etag == default ? "*" : etag.ToString();

    internal sealed record SubResponse(int Status, ETag ETag, string Content);
}
