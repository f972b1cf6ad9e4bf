using System.Security.Cryptography;
using System.Text;

namespace CreditFunctions.Storage;

/// <summary>
/// An account name and key for Shared Key signing. Stands in for Azure.Storage.StorageSharedKeyCredential
/// and Azure.Data.Tables.TableSharedKeyCredential. The key never leaves this type except as an HMAC.
/// </summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // Never echo the key in the message.
            throw new ArgumentException("The account key is not valid base64.", nameof(accountKey));
        }
    }

    public string AccountName { get; }

    /// <summary>Base64(HMAC-SHA256(key, UTF-8(stringToSign))): the signature in a SharedKey/SharedKeyLite header.</summary>
    internal string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"StorageSharedKeyCredential({AccountName})";
}
