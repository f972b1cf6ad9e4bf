using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// A narrow typed client for the few Accounting API operations the adapter uses (stands in for
/// Xero.NetStandard.OAuth2, X23). Every call gets a token, passes the per-tenant <see cref="XeroRateGate"/>, carries
/// <c>xero-tenant-id</c> (X21) and, on writes, <c>Idempotency-Key</c> (X13). A 401 renews the token and retries once
/// (Xero did not process it). Outcomes are values: transport trouble after a write was sent is Ambiguous.
/// </summary>
internal sealed partial class XeroClient(
    HttpClient http,
    XeroTokenManager tokens,
    XeroRateGate gate,
    IOptions<XeroOptions> options,
    TimeProvider time,
    ILogger<XeroClient> logger)
{
    private readonly XeroOptions _options = options.Value;

    /// <summary>PUT /CreditNotes?summarizeErrors=false: create only, never overwrite (X1); per-element errors in a 200 (X4).</summary>
    public Task<LedgerResult<XeroCreditNotes>> CreateCreditNotesAsync(LedgerConnection connection, IReadOnlyList<XeroCreditNote> notes, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroCreditNotes>(connection, HttpMethod.Put, "CreditNotes?summarizeErrors=false", new XeroCreditNotes { CreditNotes = [.. notes] }, idempotencyKey, cancellationToken);

    /// <summary>GET /CreditNotes?where=CreditNoteNumber=="…" (and Type) — the read-back that resolves ambiguity (D2).</summary>
    public Task<LedgerResult<XeroCreditNotes>> FindCreditNotesAsync(LedgerConnection connection, string number, string? type, CancellationToken cancellationToken)
    {
        var where = $"CreditNoteNumber=={Quote(number)}" + (type is null ? "" : $" AND Type=={Quote(type)}");
        return SendAsync<XeroCreditNotes>(connection, HttpMethod.Get, $"CreditNotes?where={Uri.EscapeDataString(where)}", null, null, cancellationToken);
    }

    /// <summary>POST /CreditNotes/{id}: update an AUTHORISED note without allocations (X2), or void it.</summary>
    public Task<LedgerResult<XeroCreditNotes>> UpdateCreditNoteAsync(LedgerConnection connection, string creditNoteId, XeroCreditNote note, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroCreditNotes>(connection, HttpMethod.Post, $"CreditNotes/{Uri.EscapeDataString(creditNoteId)}", new XeroCreditNotes { CreditNotes = [note] }, idempotencyKey, cancellationToken);

    /// <summary>PUT /CreditNotes/{id}/Allocations (X5); the note must be AUTHORISED.</summary>
    public Task<LedgerResult<XeroAllocations>> AllocateAsync(LedgerConnection connection, string creditNoteId, XeroAllocation allocation, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroAllocations>(connection, HttpMethod.Put, $"CreditNotes/{Uri.EscapeDataString(creditNoteId)}/Allocations?summarizeErrors=false", new XeroAllocations { Allocations = [allocation] }, idempotencyKey, cancellationToken);

    /// <summary>
    /// DELETE /CreditNotes/{id}/Allocations/{AllocationID}: 200 with the Allocation, IsDeleted true (X8). The spec lists
    /// no Idempotency-Key for it; a repeat finds the allocation gone (404), which the adapter checks by reading back.
    /// </summary>
    public Task<LedgerResult<XeroAllocation>> DeleteAllocationAsync(LedgerConnection connection, string creditNoteId, string allocationId, CancellationToken cancellationToken) =>
        SendAsync<XeroAllocation>(connection, HttpMethod.Delete, $"CreditNotes/{Uri.EscapeDataString(creditNoteId)}/Allocations/{Uri.EscapeDataString(allocationId)}", null, null, cancellationToken);

    /// <summary>GET /Invoices?InvoiceNumbers=… (X19 prefers explicit parameters over where).</summary>
    public Task<LedgerResult<XeroInvoices>> FindInvoicesAsync(LedgerConnection connection, string invoiceNumber, CancellationToken cancellationToken) =>
        SendAsync<XeroInvoices>(connection, HttpMethod.Get, $"Invoices?InvoiceNumbers={Uri.EscapeDataString(invoiceNumber)}", null, null, cancellationToken);

    /// <summary>GET /Contacts?where=ContactNumber=="…".</summary>
    public Task<LedgerResult<XeroContacts>> FindContactsAsync(LedgerConnection connection, string contactNumber, CancellationToken cancellationToken) =>
        SendAsync<XeroContacts>(connection, HttpMethod.Get, $"Contacts?where={Uri.EscapeDataString($"ContactNumber=={Quote(contactNumber)}")}", null, null, cancellationToken);

    /// <summary>PUT /Contacts?summarizeErrors=false.</summary>
    public Task<LedgerResult<XeroContacts>> CreateContactAsync(LedgerConnection connection, XeroContact contact, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroContacts>(connection, HttpMethod.Put, "Contacts?summarizeErrors=false", new XeroContacts { Contacts = [contact] }, idempotencyKey, cancellationToken);

    /// <summary>GET /Organisation: the lock dates (X18).</summary>
    public Task<LedgerResult<XeroOrganisations>> GetOrganisationAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        SendAsync<XeroOrganisations>(connection, HttpMethod.Get, "Organisation", null, null, cancellationToken);

    /// <summary>GET /Invoices/{InvoiceID}: one invoice with its Payments (404 when Xero has none by that id).</summary>
    public Task<LedgerResult<XeroInvoices>> GetInvoiceAsync(LedgerConnection connection, string invoiceId, CancellationToken cancellationToken) =>
        SendAsync<XeroInvoices>(connection, HttpMethod.Get, $"Invoices/{Uri.EscapeDataString(invoiceId)}", null, null, cancellationToken);

    /// <summary>PUT /Invoices (create; the refund's receivable in a closed period).</summary>
    public Task<LedgerResult<XeroInvoices>> CreateInvoiceAsync(LedgerConnection connection, XeroInvoice invoice, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroInvoices>(connection, HttpMethod.Put, "Invoices", new XeroInvoices { Invoices = [invoice] }, idempotencyKey, cancellationToken);

    /// <summary>PUT /Payments (X10): one payment on an Invoice, CreditNote (X9) or Overpayment.</summary>
    public Task<LedgerResult<XeroPayments>> CreatePaymentAsync(LedgerConnection connection, XeroPayment payment, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroPayments>(connection, HttpMethod.Put, "Payments", new XeroPayments { Payments = [payment] }, idempotencyKey, cancellationToken);

    /// <summary>POST /Payments/{PaymentID} with Status DELETED (X10: there is no HTTP DELETE).</summary>
    public Task<LedgerResult<XeroPayments>> DeletePaymentAsync(LedgerConnection connection, string paymentId, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroPayments>(connection, HttpMethod.Post, $"Payments/{Uri.EscapeDataString(paymentId)}", new XeroPaymentDelete(), idempotencyKey, cancellationToken);

    /// <summary>GET /Payments/{PaymentID}.</summary>
    public Task<LedgerResult<XeroPayments>> GetPaymentAsync(LedgerConnection connection, string paymentId, CancellationToken cancellationToken) =>
        SendAsync<XeroPayments>(connection, HttpMethod.Get, $"Payments/{Uri.EscapeDataString(paymentId)}", null, null, cancellationToken);

    /// <summary>GET /Payments?where=… (the look-before on one document's payments).</summary>
    public Task<LedgerResult<XeroPayments>> FindPaymentsAsync(LedgerConnection connection, string where, CancellationToken cancellationToken) =>
        SendAsync<XeroPayments>(connection, HttpMethod.Get, $"Payments?where={Uri.EscapeDataString(where)}", null, null, cancellationToken);

    /// <summary>GET /Payments?page=n with If-Modified-Since (X19: 100 a page; Xero has no payment webhooks, X20).</summary>
    public Task<LedgerResult<XeroPayments>> PaymentsPageAsync(LedgerConnection connection, int page, DateTimeOffset? modifiedSince, CancellationToken cancellationToken) =>
        SendAsync<XeroPayments>(connection, HttpMethod.Get, $"Payments?page={page}&order={Uri.EscapeDataString("UpdatedDateUTC ASC")}", null, null, cancellationToken, modifiedSince);

    /// <summary>PUT /BankTransactions (X11, X12): RECEIVE/SPEND, RECEIVE-OVERPAYMENT/SPEND-OVERPAYMENT.</summary>
    public Task<LedgerResult<XeroBankTransactions>> CreateBankTransactionAsync(LedgerConnection connection, XeroBankTransaction transaction, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroBankTransactions>(connection, HttpMethod.Put, "BankTransactions", new XeroBankTransactions { BankTransactions = [transaction] }, idempotencyKey, cancellationToken);

    /// <summary>GET /BankTransactions?where=….</summary>
    public Task<LedgerResult<XeroBankTransactions>> FindBankTransactionsAsync(LedgerConnection connection, string where, CancellationToken cancellationToken) =>
        SendAsync<XeroBankTransactions>(connection, HttpMethod.Get, $"BankTransactions?where={Uri.EscapeDataString(where)}", null, null, cancellationToken);

    /// <summary>GET /Overpayments/{OverpaymentID}: its RemainingCredit, Allocations and Payments.</summary>
    public Task<LedgerResult<XeroOverpayments>> GetOverpaymentAsync(LedgerConnection connection, string overpaymentId, CancellationToken cancellationToken) =>
        SendAsync<XeroOverpayments>(connection, HttpMethod.Get, $"Overpayments/{Uri.EscapeDataString(overpaymentId)}", null, null, cancellationToken);

    /// <summary>PUT /Overpayments/{OverpaymentID}/Allocations (X11).</summary>
    public Task<LedgerResult<XeroAllocations>> AllocateOverpaymentAsync(LedgerConnection connection, string overpaymentId, XeroAllocation allocation, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<XeroAllocations>(connection, HttpMethod.Put, $"Overpayments/{Uri.EscapeDataString(overpaymentId)}/Allocations", new XeroAllocations { Allocations = [allocation] }, idempotencyKey, cancellationToken);

    public static string Where(params string[] clauses) => string.Join(" AND ", clauses);

    public static string Equal(string path, string value) => $"{path}=={Quote(value)}";

    public static string EqualGuid(string path, string id) => $"{path}==Guid({Quote(id)})";

    private async Task<LedgerResult<T>> SendAsync<T>(
        LedgerConnection connection, HttpMethod method, string relativeUrl, object? body, string? idempotencyKey, CancellationToken cancellationToken, DateTimeOffset? ifModifiedSince = null)
        where T : class
    {
        var write = method != HttpMethod.Get;
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = rejected is null
                ? await tokens.GetAccessTokenAsync(connection, cancellationToken)
                : await tokens.RenewAfterRejectionAsync(connection, rejected, cancellationToken);
            if (!token.Succeeded)
            {
                return token.Failure!;
            }

            var lease = await gate.AcquireAsync(connection.LedgerTenantId, cancellationToken);
            if (!lease.Succeeded)
            {
                return lease.Failure!;
            }

            using (lease.Value)
            {
                using var request = new HttpRequestMessage(method, new Uri(_options.ApiBaseUrl, relativeUrl));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Add("xero-tenant-id", connection.LedgerTenantId);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (idempotencyKey is not null)
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                if (ifModifiedSince is { } since)
                {
                    // X19: Xero takes an ISO 8601 UTC timestamp here (not an HTTP-date), to the millisecond.
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
                }

                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, body.GetType(), options: XeroJson.Options);
                }

                var outcome = await ExchangeAsync(request, write, cancellationToken);
                if (outcome.Failure is { } transportFailure)
                {
                    LogCallFailed(logger, connection.ConnectionId, method.Method, PathOf(relativeUrl), transportFailure.Kind, null);
                    return transportFailure;
                }

                var (status, headers, text) = outcome.Response!.Value;
                gate.Observe(connection.LedgerTenantId, headers);
                if (status == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    rejected = token.Value;
                    continue;
                }

                if ((int)status is >= 200 and < 300)
                {
                    return Deserialize<T>(text) is { } value
                        ? LedgerResult<T>.Ok(value)
                        : new LedgerFailure(write ? LedgerFailureKind.Ambiguous : LedgerFailureKind.Transient, "Xero answered with a body that is not the expected JSON.", null, (int)status);
                }

                var failure = XeroErrorClassifier.Classify(status, headers, text, time.GetUtcNow());
                if (failure.Kind is LedgerFailureKind.Throttled or LedgerFailureKind.DailyLimitReached)
                {
                    gate.Block(connection.LedgerTenantId, failure.RetryAfter ?? TimeSpan.FromMinutes(1), failure.Kind == LedgerFailureKind.DailyLimitReached);
                }

                LogCallFailed(logger, connection.ConnectionId, method.Method, PathOf(relativeUrl), failure.Kind, (int)status);
                return failure;
            }
        }
    }

    private async Task<(LedgerFailure? Failure, (HttpStatusCode, HttpResponseHeaders, string)? Response)> ExchangeAsync(HttpRequestMessage request, bool write, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            return (null, (response.StatusCode, response.Headers, text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Unknown(write, "Xero did not answer in time."), null);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Nothing reached Xero: safe to retry even a write.
            return (new LedgerFailure(LedgerFailureKind.Transient, $"Xero unreachable ({ex.HttpRequestError})."), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (Unknown(write, "The connection to Xero broke before the answer arrived."), null);
        }
    }

    /// <summary>After a write was sent, a lost answer means the outcome is unknown: read back, never post again blindly.</summary>
    private static LedgerFailure Unknown(bool write, string message) =>
        new(write ? LedgerFailureKind.Ambiguous : LedgerFailureKind.Transient, message);

    private static T? Deserialize<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, XeroJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Values in a where filter are double-quoted; a quote or backslash inside is escaped.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string PathOf(string relativeUrl) => relativeUrl.Split('?')[0];

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Xero call for connection {ConnectionId} {Method} {Path} failed: {Kind} (HTTP {Status})")]
    private static partial void LogCallFailed(ILogger logger, string connectionId, string method, string path, LedgerFailureKind kind, int? status);
}
