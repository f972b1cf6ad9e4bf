namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>An open invoice (or bill) seeded into a company file: a positive Service sale with one line, tax-inclusive, tax code FRE.</summary>
public sealed record MyobInvoiceSeed(string Number, Guid CardId, decimal Total, DateOnly? Date = null, decimal? BalanceDue = null);

/// <summary>A payment entered in MYOB by bank reconciliation (see <see cref="MyobSeeder.Payment"/>).</summary>
public sealed record MyobPaymentSeed(string InvoiceNumber, decimal Amount, DateOnly? Date = null, string? ReceiptNumber = null, string? Memo = null, bool Payable = false, string? BankAccount = null);

/// <summary>Creates company files, API keys, consents, cards and invoices (also served under <c>/_sim/</c>).</summary>
public sealed class MyobSeeder
{
    private readonly MyobSimulator _simulator;

    internal MyobSeeder(MyobSimulator simulator) => _simulator = simulator;

    /// <summary>
    /// A company file with a small chart of accounts (a header, income 4-1100, purchases 5-1100, bank 1-1110, supplier
    /// deposits 1-1400, customer deposits 2-1200, customer overpayments 2-1300, bad debts 6-1300) and the AU tax codes the
    /// adapter maps to (GST 10 %, FRE and N-T 0 %; contract §7 TaxCode fields). Returns its GUID.
    /// </summary>
    public Guid CompanyFile(string name, Guid? id = null)
    {
        var fileId = id ?? Guid.NewGuid();
        var now = _simulator.Options.TimeProvider.GetUtcNow();
        lock (_simulator.State.Gate)
        {
            if (_simulator.State.Files.ContainsKey(fileId))
            {
                return fileId;
            }

            var file = new MyobCompanyFile(fileId, name);
            file.Accounts.Add(new MyobAccountRecord { DisplayId = "4-0000", Name = "Income", IsHeader = true, Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.IncomeAccount, Name = "Sales", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = "5-1100", Name = "Purchases", Type = "CostOfSales", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.BankAccount, Name = "Cheque Account", Type = "Bank", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.SupplierDepositsAccount, Name = "Supplier Deposits", Type = "OtherAsset", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.CustomerDepositsAccount, Name = "Customer Deposits", Type = "OtherLiability", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.OverpaymentsAccount, Name = "Customer Overpayments", Type = "OtherLiability", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.Accounts.Add(new MyobAccountRecord { DisplayId = MyobDemo.WriteOffAccount, Name = "Bad Debts", Type = "Expense", Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.TaxCodes.Add(new MyobTaxCodeRecord { Code = "GST", Description = "Goods & Services Tax", Rate = 10m, Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.TaxCodes.Add(new MyobTaxCodeRecord { Code = "FRE", Description = "GST Free", Rate = 0m, Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            file.TaxCodes.Add(new MyobTaxCodeRecord { Code = "N-T", Description = "Not Reportable", Rate = 0m, Created = now, LastModified = now, RowVersion = _simulator.State.NextRowVersion() });
            _simulator.State.Files[fileId] = file;
        }

        return fileId;
    }

    /// <summary>Registers an API key (client id) and its secret.</summary>
    public void Client(string apiKey, string secret) => _simulator.OAuth.AddClient(apiKey, secret);

    /// <summary>A consent of the key to the files; returns its refresh token (<paramref name="refreshToken"/> when given).</summary>
    public string Consent(string apiKey, IReadOnlyCollection<Guid> files, string? refreshToken = null) => _simulator.OAuth.Consent(apiKey, files, refreshToken);

    /// <summary>Fresh access and refresh tokens of the key for the files.</summary>
    public MyobTokenResponse Tokens(string apiKey, params Guid[] files) => _simulator.OAuth.Mint(apiKey, files);

    public string AuthorizationCode(string apiKey, IReadOnlyCollection<Guid> files, string redirectUri) => _simulator.OAuth.AuthorizationCode(apiKey, files, redirectUri);

    /// <summary>A company file, an API key and tokens for it: what an adapter test needs.</summary>
    public MyobConnectionSeed Connection(string name = "Test Company File", string? apiKey = null)
    {
        var file = CompanyFile(name);
        apiKey ??= "key-" + file.ToString("N")[..8];
        var secret = "secret-" + apiKey;
        Client(apiKey, secret);
        return new MyobConnectionSeed(file, apiKey, secret, Tokens(apiKey, file));
    }

    /// <summary>Requires <c>x-myobapi-cftoken: Base64(user:password)</c> on every call to the file (M1; null removes it).</summary>
    public void CompanyFileCredentials(Guid fileId, string? userColonPassword)
    {
        lock (_simulator.State.Gate)
        {
            Require(fileId).Credentials = userColonPassword;
        }
    }

    /// <summary>A customer card; <paramref name="uid"/> fixes its UID (the demo's, so an app that cached it finds it after a restart).</summary>
    public Guid Customer(Guid fileId, string name, string? displayId = null, Guid? uid = null) => Card(fileId, MyobSide.Sale, name, displayId, uid);

    public Guid Supplier(Guid fileId, string name, string? displayId = null) => Card(fileId, MyobSide.Purchase, name, displayId, null);

    /// <summary>An open sale invoice (Sale/Invoice/Service) for a customer.</summary>
    public Guid Invoice(Guid fileId, MyobInvoiceSeed seed) => Document(fileId, MyobSide.Sale, seed);

    /// <summary>An open purchase bill (Purchase/Bill/Service) from a supplier.</summary>
    public Guid Bill(Guid fileId, MyobInvoiceSeed seed) => Document(fileId, MyobSide.Purchase, seed);

    /// <summary>
    /// A payment entered in MYOB itself (bank reconciliation, not through the API): a CustomerPayment on the sale invoice
    /// (or a SupplierPayment on the bill) numbered <see cref="MyobPaymentSeed.InvoiceNumber"/>, into the bank account
    /// 1-1110, under the API's rules (open, never over the balance due, not in the lock period). Returns its UID; throws
    /// <see cref="InvalidOperationException"/> with MYOB's message when MYOB would refuse it.
    /// </summary>
    public Guid Payment(Guid fileId, MyobPaymentSeed seed)
    {
        var now = _simulator.Options.TimeProvider.GetUtcNow();
        lock (_simulator.State.Gate)
        {
            var file = Require(fileId);
            var side = seed.Payable ? MyobSide.Purchase : MyobSide.Sale;
            var invoice = file.Documents.Find(d => d.Side == side && !d.IsCredit && string.Equals(d.Number, seed.InvoiceNumber, StringComparison.OrdinalIgnoreCase))
                          ?? throw new InvalidOperationException($"No {(seed.Payable ? "bill" : "invoice")} numbered {seed.InvoiceNumber}.");
            var bank = file.Accounts.Find(a => a.DisplayId == (seed.BankAccount ?? MyobDemo.BankAccount)) ?? throw new InvalidOperationException($"No account {seed.BankAccount}.");
            var (refused, payment) = MyobPaymentsApi.Record(
                _simulator.State, file, now, side, "Account", bank.Uid, invoice.CardUid, seed.ReceiptNumber, seed.Date ?? DateOnly.FromDateTime(now.UtcDateTime), seed.Amount, seed.Memo, [(invoice.Uid, seed.Amount)]);
            return refused is null
                ? payment!.Uid
                : throw new InvalidOperationException(refused.Body?["Errors"]?[0]?["Message"]?.GetValue<string>() ?? "MYOB refused the payment.");
        }
    }

    /// <summary>The demo company file, key, consent (refresh token <see cref="MyobDemo.RefreshToken"/>) of the run command.</summary>
    public void Demo()
    {
        CompanyFile(MyobDemo.CompanyFileName, MyobDemo.CompanyFileId);
        Client(MyobDemo.ApiKey, MyobDemo.ApiSecret);
        Consent(MyobDemo.ApiKey, [MyobDemo.CompanyFileId], MyobDemo.RefreshToken);
    }

    private Guid Card(Guid fileId, MyobSide side, string name, string? displayId, Guid? uid)
    {
        var now = _simulator.Options.TimeProvider.GetUtcNow();
        lock (_simulator.State.Gate)
        {
            var card = new MyobCard
            {
                Uid = uid ?? Guid.NewGuid(),
                Side = side,
                CompanyName = name,
                DisplayId = displayId ?? "*None",
                Created = now,
                LastModified = now,
                RowVersion = _simulator.State.NextRowVersion(),
            };
            Require(fileId).Cards.Add(card);
            return card.Uid;
        }
    }

    private Guid Document(Guid fileId, MyobSide side, MyobInvoiceSeed seed)
    {
        var now = _simulator.Options.TimeProvider.GetUtcNow();
        lock (_simulator.State.Gate)
        {
            var file = Require(fileId);
            if (file.Card(seed.CardId) is not { } card || card.Side != side)
            {
                throw new InvalidOperationException($"Unknown {(side == MyobSide.Sale ? "customer" : "supplier")} {seed.CardId}.");
            }

            var account = file.Accounts.Find(a => a.DisplayId == (side == MyobSide.Sale ? MyobDemo.IncomeAccount : "5-1100"))!;
            var document = new MyobDocument
            {
                Side = side,
                Number = seed.Number,
                Date = seed.Date ?? DateOnly.FromDateTime(now.UtcDateTime),
                CardUid = card.Uid,
                IsTaxInclusive = true,
                Lines = [new MyobLine { RowId = 1, RowVersion = _simulator.State.NextRowVersion(), Description = "Seeded", Total = seed.Total, AccountUid = account.Uid, TaxCodeUid = file.TaxCodes.Find(t => t.Code == "FRE")!.Uid }],
                Subtotal = seed.Total,
                TotalAmount = seed.Total,
                BalanceDue = seed.BalanceDue ?? seed.Total,
                Created = now,
                LastModified = now,
                RowVersion = _simulator.State.NextRowVersion(),
            };
            file.Documents.Add(document);
            return document.Uid;
        }
    }

    private MyobCompanyFile Require(Guid fileId) =>
        _simulator.State.File(fileId) ?? throw new InvalidOperationException($"Unknown company file {fileId}.");
}

/// <summary>A seeded connection: the company file, the API key and secret, and tokens minted for it.</summary>
public sealed record MyobConnectionSeed(Guid CompanyFileId, string ApiKey, string ApiSecret, MyobTokenResponse Tokens);
