using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Secrets as files in a local folder (the run command), one file per name holding {Version, Value}. Compare-and-set
/// holds the file open exclusively, so processes on one machine cannot both win. Not for Azure (see <see cref="ISecretStore"/>).
/// </summary>
public sealed class FileSecretStore(string folder) : ISecretStore
{
    public async Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathFor(name);
        if (!File.Exists(path))
        {
            return null;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                return await JsonSerializer.DeserializeAsync<SecretEntry>(stream, cancellationToken: cancellationToken);
            }
            catch (IOException) when (attempt < 50)
            {
                // A writer holds the file; it is gone in microseconds.
                await Task.Yield();
            }
        }
    }

    public async Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        FileStream stream;
        try
        {
            stream = new FileStream(PathFor(name), expectedVersion is null ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        await using (stream)
        {
            if (expectedVersion is not null)
            {
                var current = await JsonSerializer.DeserializeAsync<SecretEntry>(stream, cancellationToken: cancellationToken);
                if (current?.Version != expectedVersion)
                {
                    return null;
                }
            }

            var version = (long.Parse(expectedVersion ?? "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            stream.SetLength(0);
            await JsonSerializer.SerializeAsync(stream, new SecretEntry(value, version), cancellationToken: cancellationToken);
            return version;
        }
    }

    private string PathFor(string name) =>
        Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) + ".json");
}
