using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>A Key Vault store without a usable vault URI would fail at the first token refresh; fail at start-up instead.</summary>
internal sealed class SecretStoreOptionsValidator : IValidateOptions<SecretStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretStoreOptions options) =>
        options.Kind != SecretStoreKind.KeyVault
        || options.VaultUri is { IsAbsoluteUri: true, Scheme: "https" }
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{SecretStoreOptions.SectionName}:{nameof(SecretStoreOptions.VaultUri)} must be the vault's https URI (e.g. https://<vault>.vault.azure.net/) when {SecretStoreOptions.SectionName}:{nameof(SecretStoreOptions.Kind)} is KeyVault.");
}
