using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary><c>GET /Organisation</c>: the lock dates a client pre-checks (X18, Spec L23155).</summary>
internal static class XeroOrganisationApi
{
    public static XeroResponse Get(XeroApiRequest request)
    {
        var book = request.Book;
        var organisation = new JsonObject
        {
            ["OrganisationID"] = book.OrganisationId.ToString(),
            ["Name"] = book.Name,
            ["LegalName"] = book.Name,
            ["PaysTax"] = true,
            ["Version"] = "AU",
            ["OrganisationType"] = "COMPANY",
            ["BaseCurrency"] = book.BaseCurrency,
            ["CountryCode"] = "AU",
            ["IsDemoCompany"] = false,
            ["OrganisationStatus"] = "ACTIVE",
            ["FinancialYearEndDay"] = 30,
            ["FinancialYearEndMonth"] = 6,
            ["SalesTaxBasis"] = "ACCRUALS",
            ["SalesTaxPeriod"] = "QUARTERLY",
            ["CreatedDateUTC"] = XeroWire.MsDate(book.CreatedAt),
            ["Timezone"] = "AUSEASTERNSTANDARDTIME",
            ["OrganisationEntityType"] = "COMPANY",
            ["ShortCode"] = "!" + book.TenantId.ToString("N")[..5],
            ["Edition"] = "BUSINESS",
        };
        if (book.PeriodLockDate is { } period)
        {
            organisation["PeriodLockDate"] = XeroWire.MsDate(period);
        }

        if (book.EndOfYearLockDate is { } endOfYear)
        {
            organisation["EndOfYearLockDate"] = XeroWire.MsDate(endOfYear);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Organisations", [organisation]));
    }
}
