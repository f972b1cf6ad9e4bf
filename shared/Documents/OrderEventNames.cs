namespace CreditFunctions.Documents;

/// <summary>The wire spellings of contracts/order-events.md, shared by the reader, the writer and the schema.</summary>
internal static class OrderEventNames
{
    public const string Created = "credit_note.created";
    public const string Updated = "credit_note.updated";
    public const string Voided = "credit_note.voided";

    public static string Of(OrderEventType type) => type switch
    {
        OrderEventType.CreditNoteCreated => Created,
        OrderEventType.CreditNoteUpdated => Updated,
        OrderEventType.CreditNoteVoided => Voided,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown event type."),
    };

    public static OrderEventType? ParseType(string value) => value switch
    {
        Created => OrderEventType.CreditNoteCreated,
        Updated => OrderEventType.CreditNoteUpdated,
        Voided => OrderEventType.CreditNoteVoided,
        _ => null,
    };

    public static string Of(CreditNoteKind kind) => kind switch
    {
        CreditNoteKind.Receivable => "receivable",
        CreditNoteKind.Payable => "payable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind."),
    };

    public static CreditNoteKind? ParseKind(string value) => value switch
    {
        "receivable" => CreditNoteKind.Receivable,
        "payable" => CreditNoteKind.Payable,
        _ => null,
    };

    public static string Of(AmountsAre amountsAre) => amountsAre switch
    {
        AmountsAre.Exclusive => "exclusive",
        AmountsAre.Inclusive => "inclusive",
        AmountsAre.NoTax => "noTax",
        _ => throw new ArgumentOutOfRangeException(nameof(amountsAre), amountsAre, "Unknown amountsAre."),
    };

    public static AmountsAre? ParseAmountsAre(string value) => value switch
    {
        "exclusive" => AmountsAre.Exclusive,
        "inclusive" => AmountsAre.Inclusive,
        "noTax" => AmountsAre.NoTax,
        _ => null,
    };
}
