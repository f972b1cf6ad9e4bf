using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>/BankTransactions</c> and <c>/Overpayments</c>. Overpayments exist only through a BankTransaction of Type
/// RECEIVE-OVERPAYMENT or SPEND-OVERPAYMENT, which returns the new OverpaymentID (X11); a plain RECEIVE or
/// SPEND is money in or out, not an allocatable credit (X12). Prepayment and transfer types are not simulated.
/// </summary>
internal static class XeroBankTransactionsApi
{
    private static readonly string[] Supported = ["RECEIVE", "SPEND", "RECEIVE-OVERPAYMENT", "SPEND-OVERPAYMENT"];

    public static XeroResponse Get(XeroApiRequest request) =>
        request.List("BankTransactions", request.Book.BankTransactions, t => t.UpdatedAt, t => XeroWireWriter.BankTransaction(request.Book, t));

    public static XeroResponse GetOne(XeroApiRequest request, string id)
    {
        var transaction = Guid.TryParse(id, out var transactionId) ? request.Book.BankTransactions.Find(t => t.BankTransactionId == transactionId) : null;
        return transaction is null ? XeroResponse.NotFound() : request.One("BankTransactions", XeroWireWriter.BankTransaction(request.Book, transaction));
    }

    public static XeroResponse GetOverpayments(XeroApiRequest request) =>
        request.List("Overpayments", request.Book.Overpayments, o => o.UpdatedAt, o => XeroWireWriter.Overpayment(request.Book, o));

    public static XeroResponse GetOverpayment(XeroApiRequest request, string id)
    {
        var overpayment = Guid.TryParse(id, out var overpaymentId) ? request.Book.Overpayment(overpaymentId) : null;
        return overpayment is null ? XeroResponse.NotFound() : request.One("Overpayments", XeroWireWriter.Overpayment(request.Book, overpayment));
    }

    public static XeroResponse Put(XeroApiRequest request)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in XeroWire.Array(body, "BankTransactions"))
        {
            var errors = new List<string>();
            var transaction = CreateOne(request, element, errors);
            if (transaction is not null)
            {
                results.Add(XeroWireWriter.BankTransaction(request.Book, transaction));
            }
            else
            {
                var failure = JsonNode.Parse(element.GetRawText())!.AsObject();
                failure["StatusAttributeString"] = "ERROR";
                failure["ValidationErrors"] = XeroValidation.Errors(errors);
                results.Add(failure);
                failed.Add(failure);
            }
        }

        if (failed.Count > 0 && request.SummarizeErrors)
        {
            return XeroResponse.Validation(failed);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "BankTransactions", XeroWire.ToArray(results)));
    }

    private static XeroBankTransactionRecord? CreateOne(XeroApiRequest request, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        var type = XeroWire.String(element, "Type");
        if (type is null || !Supported.Contains(type))
        {
            errors.Add($"The simulator supports bank transaction types {string.Join(", ", Supported)}; got '{type}'.");
            return null;
        }

        var bankAccount = XeroWire.Object(element, "BankAccount");
        var bankCode = bankAccount is { } a ? XeroWire.String(a, "Code") : null;
        var bankId = bankAccount is { } b ? XeroWire.Guid(b, "AccountID") : null;
        if (bankCode is null && bankId is null)
        {
            errors.Add("A bank account must be specified");
        }
        else if (XeroChart.BankAccountError(book, bankCode, bankId) is { } bankError)
        {
            errors.Add(bankError);
        }

        var date = XeroWire.ReadDate(element, "Date", request.Today, errors);
        var lineAmountTypes = XeroWire.ReadLineAmountTypes(element, "Exclusive", errors);
        var lines = XeroWire.Array(element, "LineItems");
        if (lines.Count == 0)
        {
            errors.Add("At least one line item must be specified");
        }

        var totals = XeroLineCalculator.Compute(lines, lineAmountTypes, errors);
        XeroChart.CheckLines(book, lines, errors);
        if (type is "RECEIVE" or "SPEND" && lines.Any(l => XeroWire.String(l, "AccountCode") is null))
        {
            errors.Add("Account code must be specified");
        }
        if (book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var contactId = XeroContactResolver.Resolve(book, XeroWire.Object(element, "Contact"), request.Now, errors);
        if (contactId is null)
        {
            return null;
        }

        var currency = XeroWire.String(element, "CurrencyCode") ?? book.BaseCurrency;
        var transactionId = Guid.NewGuid();
        Guid? overpaymentId = null;
        if (type.EndsWith("-OVERPAYMENT", StringComparison.Ordinal))
        {
            var overpayment = new XeroOverpaymentRecord
            {
                Type = type,
                BankTransactionId = transactionId,
                ContactId = contactId.Value,
                Date = date,
                Status = "AUTHORISED",
                LineAmountTypes = lineAmountTypes,
                Lines = totals.Lines,
                SubTotal = totals.SubTotal,
                TotalTax = totals.TotalTax,
                Total = totals.Total,
                RemainingCredit = totals.Total,
                CurrencyCode = currency,
                Reference = XeroWire.String(element, "Reference"),
                UpdatedAt = request.Now,
            };
            book.Overpayments.Add(overpayment);
            overpaymentId = overpayment.OverpaymentId;
        }

        var transaction = new XeroBankTransactionRecord
        {
            BankTransactionId = transactionId,
            Type = type,
            ContactId = contactId.Value,
            BankAccountCode = bankCode,
            BankAccountId = bankId,
            Date = date,
            LineAmountTypes = lineAmountTypes,
            Lines = totals.Lines,
            SubTotal = totals.SubTotal,
            TotalTax = totals.TotalTax,
            Total = totals.Total,
            CurrencyCode = currency,
            Reference = XeroWire.String(element, "Reference"),
            OverpaymentId = overpaymentId,
            UpdatedAt = request.Now,
        };
        book.BankTransactions.Add(transaction);
        return transaction;
    }
}
