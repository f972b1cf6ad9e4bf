using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>Creates companies, clients, consents, customers and invoices (also served under <c>/_sim/</c>).</summary>
public sealed class QuickBooksSeeder
{
    private readonly QuickBooksSimulator _simulator;

    internal QuickBooksSeeder(QuickBooksSimulator simulator) => _simulator = simulator;

    /// <summary>A company; realm ids are numeric strings (contract §12). Returns its realm id.</summary>
    public string Company(string name, string? realmId = null)
    {
        realmId ??= (9_130_000_000_000_000L + RandomNumberGenerator.GetInt32(1, int.MaxValue)).ToString(CultureInfo.InvariantCulture);
        lock (_simulator.State.Gate)
        {
            _simulator.State.Add(realmId, name).PreferencesUpdated = _simulator.Options.TimeProvider.GetUtcNow();
        }

        return realmId;
    }

    public void Client(string clientId, string clientSecret) => _simulator.OAuth.RegisterClient(clientId, clientSecret);

    /// <summary>A company, a client and a consent to it: what a test needs to call the API.</summary>
    public QuickBooksConnectionSeed Connection(string companyName)
    {
        var realmId = Company(companyName);
        var clientId = "client-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Client(clientId, secret);
        return new QuickBooksConnectionSeed(realmId, clientId, secret, _simulator.OAuth.Mint(clientId, realmId));
    }

    /// <summary>Tokens for an existing client and company (a consent given out of band).</summary>
    public QuickBooksTokens Tokens(string clientId, string realmId, string? refreshToken = null) => _simulator.OAuth.Mint(clientId, realmId, refreshToken);

    public string AuthorizationCode(string clientId, string realmId, string redirectUri) => _simulator.OAuth.IssueCode(clientId, realmId, redirectUri);

    /// <summary>An active Customer with this DisplayName. Returns its Id.</summary>
    public string Customer(string realmId, string displayName, string? email = null)
    {
        var body = new JsonObject { ["DisplayName"] = displayName, ["CompanyName"] = displayName };
        if (email is not null)
        {
            body["PrimaryEmailAddr"] = new JsonObject { ["Address"] = email };
        }

        return Create(realmId, "Customer", body);
    }

    /// <summary>
    /// An Invoice of one service line for <paramref name="total"/> (no tax), dated <paramref name="date"/> (today by
    /// default); <paramref name="balance"/> below the total leaves the rest paid by a Payment, as if the customer paid it.
    /// </summary>
    public string Invoice(string realmId, string docNumber, string customerId, decimal total, decimal? balance = null, DateOnly? date = null)
    {
        var body = new JsonObject
        {
            ["DocNumber"] = docNumber,
            ["CustomerRef"] = QuickBooksWire.Ref(customerId),
            ["GlobalTaxCalculation"] = "NotApplicable",
            ["Line"] = new JsonArray(new JsonObject
            {
                ["Description"] = "Goods",
                ["Amount"] = total,
                ["DetailType"] = "SalesItemLineDetail",
                ["SalesItemLineDetail"] = new JsonObject { ["ItemRef"] = QuickBooksWire.Ref("1", "Services"), ["Qty"] = 1, ["UnitPrice"] = total },
            }),
        };
        if (date is { } d)
        {
            body["TxnDate"] = QuickBooksWire.Date(d);
        }

        var id = Create(realmId, "Invoice", body);
        if (balance is { } open && open < total)
        {
            Create(realmId, "Payment", new JsonObject
            {
                ["CustomerRef"] = QuickBooksWire.Ref(customerId),
                ["TotalAmt"] = total - open,
                ["Line"] = new JsonArray(new JsonObject { ["Amount"] = total - open, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = id, ["TxnType"] = "Invoice" }) }),
            });
        }

        return id;
    }

    /// <summary>
    /// A payment entered in QuickBooks itself — received by bank reconciliation, not through the API client (no
    /// requestid, no marker in PaymentRefNum): a Payment of <paramref name="amount"/> with one line on the invoice
    /// <paramref name="invoiceNumber"/>, under the same rules as the API (open balance, voided invoice, closing date).
    /// It shows in the invoice's LinkedTxn and in CDC like any Payment. Returns its Id, or throws with QBO's Fault.
    /// </summary>
    public string BankPayment(string realmId, string invoiceNumber, decimal amount, DateOnly? date = null, string? reference = null, string? depositToAccountId = null)
    {
        lock (_simulator.State.Gate)
        {
            var company = _simulator.State.Company(realmId) ?? throw new InvalidOperationException($"Unknown company {realmId}.");
            var invoice = company.Of("Invoice").Values.FirstOrDefault(i => QuickBooksWire.Text(i["DocNumber"]) == invoiceNumber)
                ?? throw new InvalidOperationException($"No invoice {invoiceNumber} in company {realmId}.");
            var body = new JsonObject
            {
                ["CustomerRef"] = invoice["CustomerRef"]!.DeepClone(),
                ["TotalAmt"] = amount,
                ["DepositToAccountRef"] = QuickBooksWire.Ref(depositToAccountId ?? QuickBooksCompany.BankAccountId),
                ["Line"] = new JsonArray(new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoice["Id"]!.DeepClone(), ["TxnType"] = "Invoice" }) }),
            };
            if (date is { } d)
            {
                body["TxnDate"] = QuickBooksWire.Date(d);
            }

            if (reference is not null)
            {
                body["PaymentRefNum"] = reference;
            }

            var outcome = new QuickBooksBooks(company, _simulator.Options.TimeProvider.GetUtcNow()).Create("Payment", body);
            return outcome.Fault is { } fault
                ? throw new QuickBooksRefusedException(fault.ToJsonString())
                : QuickBooksWire.Text(outcome.Entity!["Id"])!;
        }
    }

    /// <summary>An active Vendor with this DisplayName (unique across customers and vendors, contract §8). Returns its Id.</summary>
    public string Vendor(string realmId, string displayName) =>
        Create(realmId, "Vendor", new JsonObject { ["DisplayName"] = displayName, ["CompanyName"] = displayName });

    /// <summary>
    /// A Bill of one expense line for <paramref name="total"/> (to the simulated Expense account), dated <paramref name="date"/>
    /// (today by default); <paramref name="balance"/> below the total leaves the rest paid by a BillPayment from the bank.
    /// </summary>
    public string Bill(string realmId, string docNumber, string vendorId, decimal total, decimal? balance = null, DateOnly? date = null)
    {
        var body = new JsonObject
        {
            ["DocNumber"] = docNumber,
            ["VendorRef"] = QuickBooksWire.Ref(vendorId),
            ["Line"] = new JsonArray(new JsonObject
            {
                ["Description"] = "Goods",
                ["Amount"] = total,
                ["DetailType"] = "AccountBasedExpenseLineDetail",
                ["AccountBasedExpenseLineDetail"] = new JsonObject { ["AccountRef"] = QuickBooksWire.Ref(QuickBooksCompany.ExpenseAccountId) },
            }),
        };
        if (date is { } d)
        {
            body["TxnDate"] = QuickBooksWire.Date(d);
        }

        var id = Create(realmId, "Bill", body);
        if (balance is { } open && open < total)
        {
            Create(realmId, "BillPayment", new JsonObject
            {
                ["VendorRef"] = QuickBooksWire.Ref(vendorId),
                ["PayType"] = "Check",
                ["CheckPayment"] = new JsonObject { ["BankAccountRef"] = QuickBooksWire.Ref(QuickBooksCompany.BankAccountId) },
                ["TotalAmt"] = total - open,
                ["Line"] = new JsonArray(new JsonObject { ["Amount"] = total - open, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = id, ["TxnType"] = "Bill" }) }),
            });
        }

        return id;
    }

    /// <summary>The run command's demo: company, client and refresh token of <see cref="QuickBooksDemo"/>.</summary>
    public void Demo()
    {
        Company(QuickBooksDemo.CompanyName, QuickBooksDemo.RealmId);
        Client(QuickBooksDemo.ClientId, QuickBooksDemo.ClientSecret);
        _simulator.OAuth.Mint(QuickBooksDemo.ClientId, QuickBooksDemo.RealmId, QuickBooksDemo.RefreshToken);
    }

    private string Create(string realmId, string entity, JsonObject body)
    {
        lock (_simulator.State.Gate)
        {
            var company = _simulator.State.Company(realmId) ?? throw new InvalidOperationException($"Unknown company {realmId}.");
            var closed = company.BookCloseDate;
            company.BookCloseDate = null; // seeding history is not blocked by the closing date
            try
            {
                var outcome = new QuickBooksBooks(company, _simulator.Options.TimeProvider.GetUtcNow()).Create(entity, body);
                return outcome.Fault is { } fault
                    ? throw new InvalidOperationException($"Seeding {entity} failed: {fault.ToJsonString()}")
                    : QuickBooksWire.Text(outcome.Entity!["Id"])!;
            }
            finally
            {
                company.BookCloseDate = closed;
            }
        }
    }
}

/// <summary>QBO refused a change entered through the control API; the message is QBO's Fault as JSON.</summary>
public sealed class QuickBooksRefusedException(string fault) : InvalidOperationException(fault);
