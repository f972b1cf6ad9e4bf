namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>An invoice as seeded (Xero invoices are outside this project's writes; tests put them in place).</summary>
public sealed record XeroInvoiceSeed(
    string InvoiceNumber,
    Guid ContactId,
    decimal Total,
    string Type = "ACCREC",
    decimal? AmountDue = null,
    string Status = "AUTHORISED",
    DateOnly? Date = null,
    string? CurrencyCode = null,
    decimal TotalTax = 0m,
    Guid? InvoiceId = null);

/// <summary>Puts organisations, OAuth clients, consents, contacts and invoices in place (also served as <c>POST /_sim/…</c>).</summary>
public sealed class XeroSeeder
{
    private readonly XeroSimulator _simulator;

    internal XeroSeeder(XeroSimulator simulator) => _simulator = simulator;

    private DateTimeOffset Now => _simulator.Options.TimeProvider.GetUtcNow();

    /// <summary>Adds (or renames) an organisation; returns its Xero tenant id.</summary>
    public Guid Tenant(string name, Guid? tenantId = null)
    {
        var id = tenantId ?? Guid.NewGuid();
        lock (_simulator.State.Gate)
        {
            _simulator.State.AddBook(id, name, Now);
        }

        return id;
    }

    /// <summary>Registers an OAuth client. With <paramref name="customConnectionTenantId"/> it is a custom connection (client_credentials grant).</summary>
    public void Client(string clientId, string clientSecret, Guid? customConnectionTenantId = null) =>
        _simulator.OAuth.RegisterClient(clientId, clientSecret, customConnectionTenantId);

    /// <summary>Issues a one-time authorization code (what Xero's consent screen would redirect with), valid 5 minutes.</summary>
    public string AuthorizationCode(string clientId, IReadOnlyList<Guid> tenantIds, string? redirectUri = null) =>
        _simulator.OAuth.IssueAuthorizationCode(clientId, tenantIds, redirectUri);

    /// <summary>Consents the client to the tenants and returns fresh tokens, as a completed authorization-code flow would.</summary>
    public XeroTokenSet Tokens(string clientId, params Guid[] tenantIds) => _simulator.OAuth.Mint(clientId, tenantIds);

    /// <summary>A tenant, a client and tokens for it in one step (the usual test set-up).</summary>
    public XeroConnectionSeed Connection(string tenantName = "Test Org", string? clientId = null)
    {
        var tenantId = Tenant(tenantName);
        var id = clientId ?? "client-" + Guid.NewGuid().ToString("N")[..8];
        const string Secret = "test-secret";
        Client(id, Secret);
        var tokens = Tokens(id, tenantId);
        return new XeroConnectionSeed(tenantId, id, Secret, tokens);
    }

    /// <param name="contactId">A fixed id (the demo's, so a restarted simulator keeps the id an app has cached); default a new one.</param>
    public Guid Contact(Guid tenantId, string name, string? contactNumber = null, string? emailAddress = null, Guid? contactId = null)
    {
        lock (_simulator.State.Gate)
        {
            var book = Book(tenantId);
            var contact = new XeroContactRecord
            {
                ContactId = contactId ?? Guid.NewGuid(), Name = name, ContactNumber = contactNumber, EmailAddress = emailAddress, IsCustomer = true, UpdatedAt = Now,
            };

            book.Contacts.Add(contact);
            return contact.ContactId;
        }
    }

    public Guid Invoice(Guid tenantId, XeroInvoiceSeed seed)
    {
        lock (_simulator.State.Gate)
        {
            var book = Book(tenantId);
            if (book.Contact(seed.ContactId) is null)
            {
                throw new InvalidOperationException($"Seed contact {seed.ContactId} first.");
            }

            var amountDue = seed.AmountDue ?? (seed.Status == "PAID" ? 0m : seed.Total);
            var invoice = new XeroInvoiceRecord
            {
                InvoiceId = seed.InvoiceId ?? Guid.NewGuid(),
                InvoiceNumber = seed.InvoiceNumber,
                Type = seed.Type,
                ContactId = seed.ContactId,
                Date = seed.Date ?? DateOnly.FromDateTime(Now.UtcDateTime),
                Status = seed.Status,
                CurrencyCode = seed.CurrencyCode ?? book.BaseCurrency,
                SubTotal = seed.Total - seed.TotalTax,
                TotalTax = seed.TotalTax,
                Total = seed.Total,
                AmountDue = amountDue,
                AmountPaid = seed.Total - amountDue,
                UpdatedAt = Now,
            };
            book.Invoices.Add(invoice);
            return invoice.InvoiceId;
        }
    }

    /// <summary>Adds an account to the organisation's chart (or returns the one with that code); returns its AccountID.</summary>
    public Guid Account(Guid tenantId, string code, string name, string type, bool enablePaymentsToAccount = false, string? taxType = null)
    {
        lock (_simulator.State.Gate)
        {
            var book = Book(tenantId);
            if (XeroChart.Find(book, code, null) is { } existing)
            {
                return existing.AccountId;
            }

            var account = new XeroAccountRecord { Code = code, Name = name, Type = type, EnablePaymentsToAccount = enablePaymentsToAccount, TaxType = taxType, UpdatedAt = Now };
            book.Accounts.Add(account);
            return account.AccountId;
        }
    }

    /// <summary>
    /// A payment entered in Xero itself (bank reconciliation), not through the API: no Idempotency-Key, not counted as an
    /// API call, held to the same rules as <c>PUT /Payments</c> (amount outstanding, AUTHORISED invoice, lock dates, payable account).
    /// </summary>
    public Guid BankReconciliationPayment(Guid tenantId, string invoiceNumber, decimal amount, DateOnly? date = null, string accountCode = "090", string? reference = null)
    {
        lock (_simulator.State.Gate)
        {
            var book = Book(tenantId);
            var invoice = book.Invoices.Find(i => string.Equals(i.InvoiceNumber, invoiceNumber, StringComparison.OrdinalIgnoreCase) && i.Status != "DELETED")
                ?? throw new InvalidOperationException($"Invoice {invoiceNumber} is not in the organisation.");
            var errors = new List<string>();
            var payment = XeroPaymentsApi.Record(book, invoice, amount, date ?? DateOnly.FromDateTime(Now.UtcDateTime), accountCode, reference, Now, errors);
            return payment?.PaymentId ?? throw new InvalidOperationException(string.Join(" ", errors));
        }
    }

    /// <summary>The run command's organisation (<see cref="XeroDemo"/>): tenant, custom-connection client, a contact and a refresh token.</summary>
    public void Demo()
    {
        Tenant(XeroDemo.TenantName, XeroDemo.TenantId);
        Client(XeroDemo.ClientId, XeroDemo.ClientSecret, XeroDemo.TenantId);
        _simulator.OAuth.Mint(XeroDemo.ClientId, [XeroDemo.TenantId], XeroDemo.RefreshToken);
        lock (_simulator.State.Gate)
        {
            var book = Book(XeroDemo.TenantId);
            if (!book.Contacts.Exists(c => c.ContactNumber == XeroDemo.ContactNumber))
            {
                book.Contacts.Add(new XeroContactRecord { Name = XeroDemo.ContactName, ContactNumber = XeroDemo.ContactNumber, IsCustomer = true, UpdatedAt = Now });
            }
        }
    }

    // Under the gate.
    private XeroTenantBook Book(Guid tenantId) =>
        _simulator.State.Book(tenantId) ?? throw new InvalidOperationException($"Unknown tenant {tenantId}: seed it first.");
}

/// <summary>What <see cref="XeroSeeder.Connection"/> set up.</summary>
public sealed record XeroConnectionSeed(Guid TenantId, string ClientId, string ClientSecret, XeroTokenSet Tokens);
