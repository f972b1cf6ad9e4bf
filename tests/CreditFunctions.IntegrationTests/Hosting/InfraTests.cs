using System.Text.Json;
using System.Text.RegularExpressions;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// What the compiler cannot see, read from the Bicep source (BicepTemplateTests compiles it and checks the ARM JSON):
/// missing module files, wrong role ids, queues that differ from the functions' triggers (functions.metadata), a broken workbook.
/// </summary>
public sealed partial class InfraTests
{
    private static readonly string RepoRoot =
        global::CreditFunctions.LocalHost.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    private static string Infra(string relative) => File.ReadAllText(Path.Combine(RepoRoot, "infra", relative));

    [Fact]
    public void Every_module_main_bicep_uses_exists()
    {
        var modules = ModuleReference().Matches(Infra("main.bicep")).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(modules);
        Assert.All(modules, module => Assert.True(File.Exists(Path.Combine(RepoRoot, "infra", module)), module));
    }

    [Fact]
    public void The_function_app_identity_gets_the_documented_built_in_roles()
    {
        var rbac = Infra("modules/rbac.bicep");

        // azure-platform.md §5.5.
        foreach (var roleId in new[]
        {
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            "3913510d-42f4-4e42-8a64-420c390055eb", "4633458b-17de-408a-b874-0445c86b69e6",
        })
        {
            Assert.Contains($"'{roleId}'", rbac, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_storage_module_creates_exactly_the_queues_the_functions_listen_on()
    {
        var declared = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata"))).RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.TryGetProperty("queueName", out _))
            .Select(b => b.GetProperty("queueName").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var storage = Infra("modules/storage.bicep");
        var list = storage[storage.IndexOf("var queueNames = [", StringComparison.Ordinal)..];
        var created = QuotedName().Matches(list[..list.IndexOf(']', StringComparison.Ordinal)])
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(declared, created);
    }

    [Fact]
    public void The_flex_app_runs_the_dotnet_isolated_worker_and_the_workbook_is_notebook_json_with_a_stable_guid_name()
    {
        Assert.Contains("name: 'dotnet-isolated'", Infra("modules/functionapp.bicep"), StringComparison.Ordinal);
        Assert.Contains("type: 'SystemAssigned'", Infra("modules/functionapp.bicep"), StringComparison.Ordinal);
        // What the alert rules and the workbook query is checked against the app's names by TelemetryQueriesTests.
        Assert.Contains("Microsoft.Insights/scheduledQueryRules@", Infra("modules/alerts.bicep"), StringComparison.Ordinal);
        Assert.Contains("name: guid(", Infra("modules/workbook.bicep"), StringComparison.Ordinal);
        Assert.DoesNotContain("name: newGuid(", Infra("modules/workbook.bicep"), StringComparison.Ordinal);
        using var workbook = JsonDocument.Parse(Infra("modules/workbook.json"));
        Assert.Equal("Notebook/1.0", workbook.RootElement.GetProperty("version").GetString());
        Assert.NotEqual(0, workbook.RootElement.GetProperty("items").GetArrayLength());
    }

    [GeneratedRegex(@"^module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"'([a-z0-9-]+)'")]
    private static partial Regex QuotedName();
}
