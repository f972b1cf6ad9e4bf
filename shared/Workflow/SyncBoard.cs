namespace CreditFunctions.Workflow;

/// <summary>
/// Where the operator page files a document (docs/operator-page.md): one board per thing an operator does about it.
/// Stored with the state row (column <c>Board</c>) so a board is one table query.
/// </summary>
public enum SyncBoard
{
    /// <summary>On its way: accepted, writing or retrying by itself, within its deadline.</summary>
    Pending,

    /// <summary>Not finished and past its deadline (the SLA alert went out); still retrying by itself.</summary>
    Late,

    /// <summary>Every ledger holds the newest version (late or not).</summary>
    Synced,

    /// <summary>A ledger refused it, a closed period held it or a call was poisoned: fix the cause, then retry.</summary>
    Failed,

    /// <summary>A connection lost its authorisation: reconnect it and the document resumes.</summary>
    Parked,

    /// <summary>Voided everywhere.</summary>
    Voided,
}

public static class SyncBoards
{
    /// <summary>
    /// Parked before failed (a retry of a document whose connection is still lost only parks it again), failed before
    /// late (both need a person; the failure says what to do), late before pending.
    /// </summary>
    public static SyncBoard Of(SyncStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.State switch
        {
            SyncStatusState.Failed when view.Ledgers.Any(l => l.NeedsReconnecting) => SyncBoard.Parked,
            SyncStatusState.Failed => SyncBoard.Failed,
            SyncStatusState.Synced => SyncBoard.Synced,
            SyncStatusState.Voided => SyncBoard.Voided,
            _ when view.Late => SyncBoard.Late,
            _ => SyncBoard.Pending,
        };
    }

    public static string Wire(SyncBoard board) => board.ToString().ToLowerInvariant();

    public static bool TryParse(string? wire, out SyncBoard board)
    {
        foreach (var candidate in Enum.GetValues<SyncBoard>())
        {
            if (string.Equals(Wire(candidate), wire, StringComparison.Ordinal))
            {
                board = candidate;
                return true;
            }
        }

        board = default;
        return false;
    }
}
