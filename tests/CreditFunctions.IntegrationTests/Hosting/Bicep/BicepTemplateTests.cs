using System.Text.Json;
using CreditFunctions.Functions;

namespace CreditFunctions.IntegrationTests.Hosting.Bicep;

/// <summary>
/// infra/main.bicep compiled by the real Bicep CLI (from NuGet) and its ARM JSON checked against what the app needs:
/// Flex Consumption running dotnet-isolated, storage by managed identity only, secrets as Key Vault references, every
/// setting the app reads (functions/DeploymentSettings.cs) and the Durable task hub of functions/host.json.
/// </summary>
public sealed class BicepTemplateTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    private static readonly string RepoRoot =
        global::CreditFunctions.LocalHost.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    private static async Task<CompiledTemplate> CompileAsync() => new((await BicepCli.MainTemplateAsync()).RootElement);

    [Fact]
    public async Task Main_bicep_compiles_to_an_ARM_template_with_every_module()
    {
        var template = await CompileAsync();

        Assert.Equal(
            ["alerts", "functionapp", "keyvault", "monitoring", "rbac", "storage", "tokenvault", "workbook"],
            CompiledTemplate.OfType(template.Root, "Microsoft.Resources/deployments").Select(d => d.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_example_parameters_build_against_main_bicep_with_a_tenant_and_its_connection()
    {
        using var built = await BicepCli.BuildParamsAsync("infra/main.example.bicepparam");
        using var parameters = JsonDocument.Parse(built.RootElement.GetProperty("parametersJson").GetString()!);

        var tenant = Assert.Single(parameters.RootElement.GetProperty("parameters").GetProperty("tenants").GetProperty("value").EnumerateArray());
        var connection = Assert.Single(tenant.GetProperty("connections").EnumerateArray());
        Assert.True(Enum.TryParse<CreditFunctions.Ledgers.LedgerKind>(connection.GetProperty("ledger").GetString(), out _));
        Assert.True(connection.TryGetProperty("ledgerTenantId", out _));
    }

    [Fact]
    public async Task The_app_runs_on_a_Flex_Consumption_plan_with_the_dotnet_isolated_runtime()
    {
        var app = (await CompileAsync()).Module("functionapp");

        var plan = Assert.Single(CompiledTemplate.OfType(app, "Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        var site = Assert.Single(CompiledTemplate.OfType(app, "Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var config = site.GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("SystemAssignedIdentity", config.GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("10.0", (await CompileAsync()).Root.GetProperty("parameters").GetProperty("dotnetVersion").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public async Task Storage_is_reached_by_managed_identity_with_data_plane_roles_and_no_key_anywhere()
    {
        var template = await CompileAsync();
        var settings = template.AppSettings();
        var text = template.Root.GetRawText();

        Assert.Equal("managedidentity", ArmExpressions.Literal(settings["AzureWebJobsStorage__credential"]));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings, s => s.Key.Contains("CONNECTIONSTRING", StringComparison.OrdinalIgnoreCase) && s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING");
        foreach (var keyUse in new[] { "listKeys", "listConnectionStrings", "AccountKey=", "DefaultEndpointsProtocol" })
        {
            Assert.DoesNotContain(keyUse, text, StringComparison.OrdinalIgnoreCase);
        }

        var account = Assert.Single(CompiledTemplate.OfType(template.Module("storage"), "Microsoft.Storage/storageAccounts"));
        Assert.False(account.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor }.Order(StringComparer.Ordinal),
            RolesGranted(template, "Microsoft.Storage/storageAccounts").Order(StringComparer.Ordinal));
        // The roles go to the function app's own identity.
        var passed = ModuleParameter(template, "rbac", "principalId");
        Assert.Contains("'functionapp'", passed, StringComparison.Ordinal);
        Assert.Contains(".outputs.principalId.value", passed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_setting_the_app_reads_is_set_and_every_secret_is_a_Key_Vault_reference()
    {
        var settings = (await CompileAsync()).AppSettings();
        var required = DeploymentSettings.AppWide.Concat(DeploymentSettings.PerTenant).Concat(DeploymentSettings.PerConnection).ToList();

        Assert.All(required, setting =>
        {
            Assert.True(settings.TryGetValue(setting.Name, out var value), $"{setting.Name} is not set by infra/modules/functionapp.bicep.");
            Assert.Equal(setting.IsSecret, value!.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal));
        });

        // And nothing the app would not read: a misspelt name would silently leave the app on its default.
        var known = required.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(settings.Keys, name => Assert.True(
            known.Contains(name) || name == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" || name.StartsWith("AzureFunctionsJobHost__", StringComparison.Ordinal),
            $"{name} is set but not in functions/DeploymentSettings.cs."));
        Assert.Equal("KeyVault", ArmExpressions.Literal(settings["SecretStore__Kind"]));
    }

    [Fact]
    public async Task The_app_reads_its_configuration_vault_and_writes_only_its_token_vault()
    {
        var template = await CompileAsync();
        var settings = template.AppSettings();

        Assert.Equal([KeyVaultSecretsUser], RolesGranted(template, "Microsoft.KeyVault/vaults", "keyVaultName"));
        Assert.Equal([KeyVaultSecretsOfficer], RolesGranted(template, "Microsoft.KeyVault/vaults", "tokenVaultName"));
        Assert.Equal("parameters('tokenVaultUri')", settings["SecretStore__VaultUri"]);
        Assert.Contains("'tokenvault'", ModuleParameter(template, "functionapp", "tokenVaultUri"), StringComparison.Ordinal);
        Assert.Contains("'tokenvault'", ModuleParameter(template, "rbac", "tokenVaultName"), StringComparison.Ordinal);
        Assert.Contains("'keyvault'", ModuleParameter(template, "functionapp", "keyVaultName"), StringComparison.Ordinal);
        Assert.All(
            CompiledTemplate.OfType(template.Root, "Microsoft.Resources/deployments").Where(d => d.GetProperty("name").GetString()!.EndsWith("vault", StringComparison.Ordinal)),
            vault => Assert.True(CompiledTemplate.OfType(vault.GetProperty("properties").GetProperty("template"), "Microsoft.KeyVault/vaults").Single()
                .GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean()));
    }

    [Fact]
    public async Task The_task_hub_settings_are_those_of_host_json()
    {
        var template = await CompileAsync();
        var variables = template.Module("functionapp").GetProperty("variables");
        var settings = template.AppSettings();
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot, "functions", "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");

        var hubName = ArmExpressions.Resolve(settings["AzureFunctionsJobHost__extensions__durableTask__hubName"], variables);
        var partitions = ArmExpressions.Resolve(settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount"], variables);

        Assert.Equal(durable.GetProperty("hubName").GetString(), hubName?.GetString());
        Assert.Equal(durable.GetProperty("storageProvider").GetProperty("partitionCount").GetInt32(), partitions?.GetInt32());
    }

    /// <summary>The value expression main.bicep passes to <paramref name="module"/>'s <paramref name="parameter"/>.</summary>
    private static string ModuleParameter(CompiledTemplate template, string module, string parameter) =>
        CompiledTemplate.OfType(template.Root, "Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == module)
            .GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString()!;

    /// <summary>
    /// Role definition ids assigned in the rbac module at a scope of <paramref name="scopeType"/> (named by module
    /// parameter <paramref name="scopeName"/> when given).
    /// </summary>
    private static IEnumerable<string> RolesGranted(CompiledTemplate template, string scopeType, string? scopeName = null)
    {
        var rbac = template.Module("rbac");
        return CompiledTemplate.OfType(rbac, "Microsoft.Authorization/roleAssignments")
            .Where(r => r.GetProperty("scope").GetString()!.Contains($"'{scopeType}'", StringComparison.Ordinal))
            .Where(r => scopeName is null || r.GetProperty("scope").GetString()!.Contains($"parameters('{scopeName}')", StringComparison.Ordinal))
            .Select(r => ArmExpressions.Arguments(r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!, "subscriptionResourceId")[1])
            .Select(id => ArmExpressions.Literal(id) ?? ArmExpressions.Resolve(id, rbac.GetProperty("variables"))?.GetString() ?? id);
    }
}
