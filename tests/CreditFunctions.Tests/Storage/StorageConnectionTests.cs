using Azure.Core;
using Azure.Identity;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.Tests.Storage;

public sealed class StorageConnectionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Development_storage_points_at_Azurite_on_loopback_with_the_well_known_account()
    {
        var clients = Open(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1/workflow"), clients.GetTableClient("workflow").Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1/steps"), clients.GetQueueClient("steps").Uri);
        Assert.Equal("devstoreaccount1", clients.GetQueueClient("steps").AccountName);
    }

    [Fact]
    public void An_account_key_string_with_an_endpoint_suffix_builds_host_style_endpoints()
    {
        var clients = Open(("AzureWebJobsStorage", $"DefaultEndpointsProtocol=https;AccountName=creditfn;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn"));

        Assert.Equal(new Uri("https://creditfn.table.core.chinacloudapi.cn/workflow"), clients.GetTableClient("workflow").Uri);
        Assert.Equal(new Uri("https://creditfn.queue.core.chinacloudapi.cn/steps"), clients.GetQueueClient("steps").Uri);
    }

    [Fact]
    public void A_connection_string_under_ConnectionStrings_is_found_as_the_Functions_host_finds_it()
    {
        var clients = StorageConnection.Open(Configuration(("ConnectionStrings:Bulk", "UseDevelopmentStorage=true")), "Bulk");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1/orders"), clients.GetQueueClient("orders").Uri);
    }

    [Fact]
    public void An_account_name_alone_means_managed_identity_on_the_public_cloud_endpoints()
    {
        IConfigurationSection? seen = null;
        var clients = StorageConnection.Open(Configuration(("AzureWebJobsStorage:accountName", "creditfn")), credentialFactory: s => { seen = s; return new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned); });

        Assert.Equal(new Uri("https://creditfn.table.core.windows.net/workflow"), clients.GetTableClient("workflow").Uri);
        Assert.Equal(new Uri("https://creditfn.queue.core.windows.net/steps"), clients.GetQueueClient("steps").Uri);
        Assert.Equal("AzureWebJobsStorage", seen!.Key);
    }

    [Fact]
    public void Explicit_service_uris_win_over_the_account_name()
    {
        var clients = StorageConnection.Open(
            Configuration(
                ("AzureWebJobsStorage:accountName", "creditfn"),
                ("AzureWebJobsStorage:tableServiceUri", "https://tables.example.test/"),
                ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.test/")),
            credentialFactory: _ => new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));

        Assert.Equal(new Uri("https://tables.example.test/workflow"), clients.GetTableClient("workflow").Uri);
        Assert.Equal(new Uri("https://queues.example.test/steps"), clients.GetQueueClient("steps").Uri);
    }

    [Theory]
    [InlineData("managedidentity", null, typeof(ManagedIdentityCredential))]
    [InlineData("managedidentity", "00000000-0000-0000-0000-000000000001", typeof(ManagedIdentityCredential))]
    [InlineData(null, null, typeof(DefaultAzureCredential))]
    [InlineData(null, "00000000-0000-0000-0000-000000000001", typeof(DefaultAzureCredential))]
    public void The_credential_setting_chooses_the_identity_as_the_Functions_host_does(string? credential, string? clientId, Type expected)
    {
        var section = Configuration(("S:credential", credential), ("S:clientId", clientId)).GetSection("S");

        Assert.IsType(expected, StorageConnection.Credential(section));
    }

    [Fact]
    public void Without_any_storage_setting_the_error_names_both_ways_to_configure_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => StorageConnection.Open(Configuration()));

        Assert.Contains("AzureWebJobsStorage__accountName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_the_key()
    {
        var ex = Assert.ThrowsAny<Exception>(() => StorageClients.FromConnectionString("AccountName=x;AccountKey=not*base64*secretvalue;Garbage"));

        Assert.DoesNotContain("secretvalue", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_checked_and_the_poison_queue_is_named_after_its_queue()
    {
        var clients = StorageClients.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Throws<ArgumentException>(() => clients.GetTableClient("with-dash"));
        Assert.Throws<ArgumentException>(() => clients.GetQueueClient("Upper"));
        Assert.Equal("steps-poison", clients.GetQueueClient("steps").GetPoisonQueueClient().Name);
    }

    private static StorageClients Open(params (string Key, string? Value)[] settings) => StorageConnection.Open(Configuration(settings));

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
