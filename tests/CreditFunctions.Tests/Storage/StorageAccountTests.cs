using CreditFunctions.Storage;

namespace CreditFunctions.Tests.Storage;

public sealed class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Development_storage_points_at_Azurite_on_loopback_with_the_well_known_account()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal("devstoreaccount1", account.SharedKey!.AccountName);
        Assert.Null(account.TokenCredential);
    }

    [Fact]
    public void An_account_key_string_with_an_endpoint_suffix_builds_host_style_endpoints()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=https;AccountName=creditfn;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://creditfn.table.core.chinacloudapi.cn"), account.TableEndpoint);
        Assert.Equal(new Uri("https://creditfn.queue.core.chinacloudapi.cn"), account.QueueEndpoint);
        Assert.Equal("creditfn", account.AccountName);
    }

    [Fact]
    public void The_endpoint_suffix_defaults_to_the_public_cloud()
    {
        var account = StorageAccount.Parse($"AccountName=creditfn;AccountKey={Key}");

        Assert.Equal(new Uri("https://creditfn.table.core.windows.net"), account.TableEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_win_and_keys_with_equals_signs_survive()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1/;");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueEndpoint);
    }

    [Theory]
    [InlineData("AccountName=x", "AccountKey")]
    [InlineData("AccountKey=abc=", "AccountName")]
    [InlineData("BlobEndpoint=https://x;SharedAccessSignature=sv=2020&sig=abc", "SAS")]
    [InlineData("garbage", "Name=Value")]
    public void A_bad_connection_string_is_refused_with_a_reason(string connectionString, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_echo_the_account_key()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => StorageAccount.Parse("AccountName=x;AccountKey=not*base64*secretvalue"));

        Assert.DoesNotContain("secretvalue", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, new StorageSharedKeyCredential("a", Key).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_and_queue_clients_come_from_the_account()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal("workflow", account.GetTableClient("workflow").Name);
        Assert.Equal("steps", account.GetQueueClient("steps").Name);
        Assert.Equal("steps-poison", account.GetQueueClient("steps").GetPoisonQueueClient().Name);
    }
}
