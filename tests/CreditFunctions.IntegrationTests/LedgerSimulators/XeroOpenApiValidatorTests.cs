namespace CreditFunctions.IntegrationTests.LedgerSimulators;

/// <summary>The validator is only worth something if it can fail: known-good and known-bad payloads.</summary>
public sealed class XeroOpenApiValidatorTests
{
    private static readonly Dictionary<string, string> TenantHeader = new() { ["xero-tenant-id"] = Guid.NewGuid().ToString() };
    private static readonly Dictionary<string, string> NoQuery = [];

    [Fact]
    public async Task A_well_formed_credit_note_batch_is_valid()
    {
        var validator = await XeroOpenApiValidator.SharedAsync();

        var violations = validator.ValidateSchema("CreditNotes", """
            {"CreditNotes":[{"Type":"ACCRECCREDIT","CreditNoteNumber":"CN-1","Status":"AUTHORISED","Date":"2026-11-20",
              "Contact":{"ContactID":"9b3f0c8e-2a41-4a1f-8d3a-7c2f2b9f6d10"},"LineAmountTypes":"Exclusive",
              "LineItems":[{"Description":"x","Quantity":1,"UnitAmount":10.0,"AccountCode":"200","TaxType":"OUTPUT"}]}]}
            """);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("""{"CreditNotes":[{"Type":"ACCRECREDIT"}]}""", "enum")]
    [InlineData("""{"CreditNotes":[{"Type":"ACCRECCREDIT","Total":"ten"}]}""", "Number")]
    [InlineData("""{"CreditNotes":[{"Type":"ACCRECCREDIT","CreditNoteId":"abc"}]}""", "NoAdditionalPropertiesAllowed")]
    [InlineData("""{"CreditNotes":[{"Contact":{"ContactID":"not-a-guid"}}]}""", "Uuid")]
    [InlineData("""{"CreditNotes":{"Type":"ACCRECCREDIT"}}""", "Array")]
    public async Task Malformed_credit_notes_are_reported(string json, string expectedKind)
    {
        var validator = await XeroOpenApiValidator.SharedAsync();

        var violations = validator.ValidateSchema("CreditNotes", json);

        Assert.Contains(violations, v => v.Contains(expectedKind, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_allocation_without_its_required_invoice_is_reported()
    {
        var validator = await XeroOpenApiValidator.SharedAsync();

        var violations = validator.ValidateSchema("Allocations", """{"Allocations":[{"Amount":10.0,"Date":"2026-11-20"}]}""");

        Assert.Contains(violations, v => v.Contains("PropertyRequired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchanges_are_checked_for_operation_query_header_and_bodies()
    {
        var validator = await XeroOpenApiValidator.SharedAsync();
        const string Good = """{"CreditNotes":[{"Type":"ACCRECCREDIT"}]}""";

        Assert.Empty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", new Dictionary<string, string> { ["summarizeErrors"] = "false" }, TenantHeader, Good, 200, "application/json", Good));
        Assert.NotEmpty(validator.ValidateExchange("PATCH", "/api.xro/2.0/CreditNotes", NoQuery, TenantHeader, Good, 200, "application/json", Good));
        Assert.NotEmpty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", new Dictionary<string, string> { ["summarise"] = "false" }, TenantHeader, Good, 200, "application/json", Good));
        Assert.NotEmpty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", NoQuery, new Dictionary<string, string>(), Good, 200, "application/json", Good));
        Assert.NotEmpty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", NoQuery, TenantHeader, Good, 201, "application/json", Good));
        Assert.NotEmpty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", NoQuery, TenantHeader, Good, 400, "application/json", """{"ErrorNumber":"ten"}"""));
        Assert.Empty(validator.ValidateExchange("PUT", "/api.xro/2.0/CreditNotes", NoQuery, TenantHeader, Good, 429, "text/plain", "oauth_problem=rate limit exceeded"));
        Assert.Empty(validator.ValidateExchange("GET", "/connections", NoQuery, new Dictionary<string, string>(), string.Empty, 200, "application/json", "[]"));
    }

    [Fact]
    public async Task The_error_model_accepts_echoed_elements_with_validation_errors()
    {
        var validator = await XeroOpenApiValidator.SharedAsync();

        var violations = validator.ValidateSchema("Error", """
            {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
             "Elements":[{"Type":"ACCRECCREDIT","CreditNoteNumber":"CN-1","ValidationErrors":[{"Message":"Credit Note # must be unique."}]}]}
            """);

        Assert.Empty(violations);
    }
}
