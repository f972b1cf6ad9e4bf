namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Every company file the simulator holds. All access happens under <see cref="Gate"/>.</summary>
internal sealed class MyobStore
{
    public Lock Gate { get; } = new();

    public Dictionary<Guid, MyobCompanyFile> Files { get; } = [];

    /// <summary>Source of RowVersions: a signed 64-bit number as a string, like MYOB's (contract §1).</summary>
    public long LastRowVersion { get; set; } = -6_933_843_581_174_022_144;

    public string NextRowVersion() => (LastRowVersion += 7_919).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public MyobCompanyFile? File(Guid id) => Files.GetValueOrDefault(id);
}

/// <summary>One company file: its cards, accounts, tax codes, sales and purchases, and the transactions against them.</summary>
internal sealed class MyobCompanyFile(Guid id, string name)
{
    public Guid Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>Company/Preferences System.LockPeriodPriorTo (contract §7).</summary>
    public DateOnly? LockPeriodPriorTo { get; set; }

    /// <summary>Company/Preferences System.TransactionsCannotBeChangedMustBeReversed (contract §7): DELETE fails with 25003.</summary>
    public bool TransactionsCannotBeChangedMustBeReversed { get; set; }

    /// <summary>Company-file credentials (<c>user:password</c>) required in <c>x-myobapi-cftoken</c>; null when the file has none.</summary>
    public string? Credentials { get; set; }

    public string PreferencesRowVersion { get; set; } = "1";

    public List<MyobCard> Cards { get; } = [];

    public List<MyobAccountRecord> Accounts { get; } = [];

    public List<MyobTaxCodeRecord> TaxCodes { get; } = [];

    public List<MyobDocument> Documents { get; } = [];

    public List<MyobSettlementRecord> Settlements { get; } = [];

    public List<MyobRefundRecord> Refunds { get; } = [];

    /// <summary>Sale/CustomerPayment and Purchase/SupplierPayment (by <see cref="MyobPaymentRecord.Side"/>).</summary>
    public List<MyobPaymentRecord> Payments { get; } = [];

    /// <summary>Banking/ReceiveMoneyTxn and Banking/SpendMoneyTxn.</summary>
    public List<MyobBankTxnRecord> BankTransactions { get; } = [];

    public int LastSettlementNumber { get; set; }

    public int LastDocumentNumber { get; set; }

    public MyobDocument? Document(Guid uid) => Documents.Find(d => d.Uid == uid);

    public MyobCard? Card(Guid uid) => Cards.Find(c => c.Uid == uid);
}

/// <summary>Which side of the books: Sale (customers, credit settlements) or Purchase (suppliers, debit settlements).</summary>
internal enum MyobSide
{
    Sale,
    Purchase,
}

internal abstract class MyobRecord
{
    public Guid Uid { get; init; } = Guid.NewGuid();

    public string RowVersion { get; set; } = "";

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset LastModified { get; set; }
}

internal sealed class MyobCard : MyobRecord
{
    public MyobSide Side { get; init; }

    public string DisplayId { get; set; } = "";

    public string CompanyName { get; set; } = "";

    public bool IsIndividual { get; set; }

    public bool IsActive { get; set; } = true;
}

internal sealed class MyobAccountRecord : MyobRecord
{
    public string DisplayId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Type { get; init; } = "Income";

    public bool IsHeader { get; init; }
}

internal sealed class MyobTaxCodeRecord : MyobRecord
{
    public string Code { get; init; } = "";

    public string Description { get; init; } = "";

    public string Type { get; init; } = "GST_VAT";

    /// <summary>Percent, e.g. 10 for GST.</summary>
    public decimal Rate { get; init; }
}

/// <summary>A sale invoice (Sale/Invoice/{layout}) or purchase bill (Purchase/Bill/{layout}); negative ones are credits (M2).</summary>
internal sealed class MyobDocument : MyobRecord
{
    public MyobSide Side { get; init; }

    /// <summary>Service or Item (the layouts the simulator serves).</summary>
    public string Layout { get; init; } = "Service";

    public string Number { get; set; } = "";

    public DateOnly Date { get; set; }

    public Guid CardUid { get; set; }

    public bool IsTaxInclusive { get; set; }

    public string? JournalMemo { get; set; }

    public List<MyobLine> Lines { get; set; } = [];

    public decimal Subtotal { get; set; }

    public decimal TotalTax { get; set; }

    public decimal TotalAmount { get; set; }

    /// <summary>Still payable (an invoice) or still unused (a credit, negative: contract §2 leaves the sign UNVERIFIED; see docs).</summary>
    public decimal BalanceDue { get; set; }

    /// <summary>True for a credit: the total is negative and every line is (M2). A mixed-sign document is a normal sale.</summary>
    public bool IsCredit { get; set; }

    public string Status =>
        IsCredit ? (Side == MyobSide.Sale ? "Credit" : "Debit")
        : BalanceDue == 0m ? "Closed" : "Open";
}

internal sealed class MyobLine
{
    public int RowId { get; init; }

    public string RowVersion { get; set; } = "";

    public string Type { get; init; } = "Transaction";

    public string? Description { get; init; }

    public decimal Total { get; init; }

    public Guid? AccountUid { get; init; }

    public Guid? TaxCodeUid { get; init; }

    public Guid? ItemUid { get; init; }

    public decimal? ShipQuantity { get; init; }

    public decimal? UnitPrice { get; init; }
}

/// <summary>Sale/CreditSettlement or Purchase/DebitSettlement (contract §3).</summary>
internal sealed class MyobSettlementRecord : MyobRecord
{
    public MyobSide Side { get; init; }

    public Guid FromDocumentUid { get; init; }

    public Guid CardUid { get; init; }

    public string Number { get; init; } = "";

    public DateOnly Date { get; init; }

    public decimal Amount { get; init; }

    public string? Memo { get; init; }

    public List<(Guid DocumentUid, decimal Amount)> Lines { get; init; } = [];
}

/// <summary>Sale/CreditRefund (contract §4).</summary>
internal sealed class MyobRefundRecord : MyobRecord
{
    public Guid AccountUid { get; init; }

    public Guid InvoiceUid { get; init; }

    public Guid CustomerUid { get; init; }

    public string? Number { get; init; }

    public DateOnly Date { get; init; }

    public decimal Amount { get; init; }

    public string? Payee { get; init; }

    public string? Memo { get; init; }
}

/// <summary>Sale/CustomerPayment (contract §5) or Purchase/SupplierPayment (SDK SupplierPayment.cs): <see cref="Side"/> says which.</summary>
internal sealed class MyobPaymentRecord : MyobRecord
{
    public MyobSide Side { get; init; } = MyobSide.Sale;

    /// <summary>CustomerPayment DepositTo (Account, UndepositedFunds) or SupplierPayment PayFrom (Account, ElectronicPayments).</summary>
    public string DepositTo { get; init; } = "Account";

    public Guid? AccountUid { get; init; }

    public Guid CustomerUid { get; init; }

    public string? ReceiptNumber { get; init; }

    public DateOnly Date { get; init; }

    public decimal AmountReceived { get; init; }

    public string? Memo { get; init; }

    public List<(Guid DocumentUid, decimal Amount)> Invoices { get; init; } = [];
}

/// <summary>Banking/ReceiveMoneyTxn (<see cref="Receive"/>) or Banking/SpendMoneyTxn (SDK Contracts/Version2/Banking).</summary>
internal sealed class MyobBankTxnRecord : MyobRecord
{
    public bool Receive { get; init; }

    /// <summary>The bank account the money goes into (receive) or out of (spend).</summary>
    public Guid AccountUid { get; init; }

    public Guid? ContactUid { get; init; }

    /// <summary>ReceiptNumber (receive) or PaymentNumber (spend).</summary>
    public string? Number { get; init; }

    public DateOnly Date { get; init; }

    public decimal Amount { get; init; }

    public bool IsTaxInclusive { get; init; }

    public string? Memo { get; init; }

    public List<(Guid AccountUid, Guid? TaxCodeUid, decimal Amount, string? Memo)> Lines { get; init; } = [];
}
