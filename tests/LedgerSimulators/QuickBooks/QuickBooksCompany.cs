using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// One company (realm): its entities in wire form, keyed by entity name then Id, deleted ones kept as tombstones for
/// CDC (Q10), a small chart of accounts, and Preferences (BookCloseDate, Q8). Callers hold <see cref="QuickBooksStore.Gate"/>.
/// </summary>
internal sealed class QuickBooksCompany(string realmId, string name)
{
    public const string ReceivableAccountId = "84";
    public const string PayableAccountId = "33";
    public const string BankAccountId = "35";
    public const string IncomeAccountId = "1";
    public const string UndepositedFundsAccountId = "4";
    public const string PrepaymentsAccountId = "41";
    public const string ExpenseAccountId = "60";

    private int _nextId = 100;

    public string RealmId { get; } = realmId;

    public string Name { get; } = name;

    public DateOnly? BookCloseDate { get; set; }

    public bool AutoApplyCredit { get; set; }

    public Dictionary<string, Dictionary<string, JsonObject>> Entities { get; } = new(StringComparer.Ordinal);

    /// <summary>Voided Invoices and Payments (contract §5: they stay, zeroed); nothing more may be applied to a voided invoice.</summary>
    public HashSet<(string Entity, string Id)> Voided { get; } = [];

    /// <summary>Deleted entities for CDC: entity name, Id, when.</summary>
    public List<(string Entity, string Id, DateTimeOffset At)> Deleted { get; } = [];

    /// <summary>Account Id → AccountType (a minimal chart; JournalEntry AR/AP lines need an Entity, Q4).</summary>
    public Dictionary<string, string> Accounts { get; } = new(StringComparer.Ordinal)
    {
        [ReceivableAccountId] = "Accounts Receivable",
        [PayableAccountId] = "Accounts Payable",
        [BankAccountId] = "Bank",
        [IncomeAccountId] = "Income",
        [UndepositedFundsAccountId] = "Other Current Asset",
        [PrepaymentsAccountId] = "Other Current Asset",
        [ExpenseAccountId] = "Expense",
    };

    public DateTimeOffset PreferencesUpdated { get; set; }

    public string NewId() => (_nextId++).ToString(CultureInfo.InvariantCulture);

    public Dictionary<string, JsonObject> Of(string entity)
    {
        if (!Entities.TryGetValue(entity, out var map))
        {
            map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            Entities[entity] = map;
        }

        return map;
    }

    public JsonObject? Find(string entity, string? id) => id is not null && Of(entity).TryGetValue(id, out var found) ? found : null;

    public void Clear()
    {
        Entities.Clear();
        Deleted.Clear();
        Voided.Clear();
        BookCloseDate = null;
        AutoApplyCredit = false;
    }
}

/// <summary>All companies of one simulator, behind one lock.</summary>
internal sealed class QuickBooksStore
{
    private readonly Dictionary<string, QuickBooksCompany> _companies = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public IEnumerable<QuickBooksCompany> Companies => _companies.Values;

    public QuickBooksCompany? Company(string? realmId) => realmId is not null && _companies.TryGetValue(realmId, out var company) ? company : null;

    public QuickBooksCompany Add(string realmId, string name)
    {
        if (!_companies.TryGetValue(realmId, out var company))
        {
            company = new QuickBooksCompany(realmId, name);
            _companies[realmId] = company;
        }

        return company;
    }
}
