namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>All organisations' books. One lock guards everything: the simulator favours obvious correctness over throughput.</summary>
internal sealed class XeroStore
{
    private readonly Dictionary<Guid, XeroTenantBook> _books = [];

    public Lock Gate { get; } = new();

    /// <summary>Under <see cref="Gate"/>.</summary>
    public XeroTenantBook? Book(Guid tenantId) => _books.GetValueOrDefault(tenantId);

    /// <summary>Under <see cref="Gate"/>.</summary>
    public IEnumerable<XeroTenantBook> Books => _books.Values;

    /// <summary>Under <see cref="Gate"/>.</summary>
    public XeroTenantBook AddBook(Guid tenantId, string name, DateTimeOffset now)
    {
        if (_books.TryGetValue(tenantId, out var existing))
        {
            existing.Name = name;
            return existing;
        }

        var book = new XeroTenantBook(tenantId, name, now);
        _books[tenantId] = book;
        return book;
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    public void Clear() => _books.Clear();
}
