namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Routes an admitted Accounting API call to its handler (paths as in the Spec; Xero matches them case-insensitively).</summary>
internal static class XeroAccountingRouter
{
    /// <summary>The operation name for counters: method and path with ids replaced, e.g. <c>PUT /CreditNotes/{id}/Allocations</c>.</summary>
    public static string OperationName(string method, string[] segments) =>
        method + " /" + string.Join('/', segments.Select((s, i) => i % 2 == 1 ? "{id}" : s));

    /// <summary>Under the store's lock.</summary>
    public static XeroResponse Dispatch(XeroApiRequest request)
    {
        var s = request.Segments;
        var resource = s.Length > 0 ? s[0].ToUpperInvariant() : string.Empty;
        return (request.Method, resource, s.Length) switch
        {
            ("GET", "ORGANISATION", 1) => XeroOrganisationApi.Get(request),

            ("GET", "CONTACTS", 1) => XeroContactsApi.Get(request),
            ("GET", "CONTACTS", 2) => XeroContactsApi.GetOne(request, s[1]),
            ("PUT" or "POST", "CONTACTS", 1) => XeroContactsApi.Save(request, null),
            ("POST", "CONTACTS", 2) => XeroContactsApi.Save(request, s[1]),

            ("GET", "INVOICES", 1) => XeroInvoicesApi.Get(request),
            ("GET", "INVOICES", 2) => XeroInvoicesApi.GetOne(request, s[1]),
            ("PUT" or "POST", "INVOICES", 1) => XeroInvoicesApi.Create(request),

            ("GET", "ACCOUNTS", 1) => request.List("Accounts", request.Book.Accounts, a => a.UpdatedAt, XeroChart.Wire),

            ("GET", "CREDITNOTES", 1) => XeroCreditNotesApi.Get(request),
            ("PUT", "CREDITNOTES", 1) => XeroCreditNotesApi.Put(request),
            ("POST", "CREDITNOTES", 1) => XeroCreditNotesApi.Post(request, null),
            ("GET", "CREDITNOTES", 2) => XeroCreditNotesApi.GetOne(request, s[1]),
            ("POST", "CREDITNOTES", 2) => XeroCreditNotesApi.Post(request, s[1]),
            ("PUT", "CREDITNOTES", 3) when Is(s[2], "Allocations") => XeroAllocationsApi.Allocate(request, XeroCreditNotesApi.Find(request.Book, s[1])),
            ("DELETE", "CREDITNOTES", 4) when Is(s[2], "Allocations") => XeroAllocationsApi.Delete(request, XeroCreditNotesApi.Find(request.Book, s[1]), s[3]),

            ("GET", "PAYMENTS", 1) => XeroPaymentsApi.Get(request),
            ("PUT", "PAYMENTS", 1) => XeroPaymentsApi.Put(request),
            ("POST", "PAYMENTS", 1) => XeroPaymentsApi.PostOne(request),
            ("GET", "PAYMENTS", 2) => XeroPaymentsApi.GetOne(request, s[1]),
            ("POST", "PAYMENTS", 2) => XeroPaymentsApi.Delete(request, s[1]),

            ("GET", "BANKTRANSACTIONS", 1) => XeroBankTransactionsApi.Get(request),
            ("PUT" or "POST", "BANKTRANSACTIONS", 1) => XeroBankTransactionsApi.Put(request),
            ("GET", "BANKTRANSACTIONS", 2) => XeroBankTransactionsApi.GetOne(request, s[1]),

            ("GET", "OVERPAYMENTS", 1) => XeroBankTransactionsApi.GetOverpayments(request),
            ("GET", "OVERPAYMENTS", 2) => XeroBankTransactionsApi.GetOverpayment(request, s[1]),
            ("PUT", "OVERPAYMENTS", 3) when Is(s[2], "Allocations") => XeroAllocationsApi.Allocate(request, Overpayment(request, s[1])),
            ("DELETE", "OVERPAYMENTS", 4) when Is(s[2], "Allocations") => XeroAllocationsApi.Delete(request, Overpayment(request, s[1]), s[3]),

            _ => XeroResponse.NotFound(),
        };
    }

    private static XeroOverpaymentRecord? Overpayment(XeroApiRequest request, string id) =>
        Guid.TryParse(id, out var overpaymentId) ? request.Book.Overpayment(overpaymentId) : null;

    private static bool Is(string segment, string name) => segment.Equals(name, StringComparison.OrdinalIgnoreCase);
}
