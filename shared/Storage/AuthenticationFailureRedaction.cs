using System.Security;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>
/// Azure's answer to a refused signature echoes the request's signature and the string it signed
/// (AuthenticationErrorDetail), and the SDKs copy that body into <c>RequestFailedException.Message</c>, which ends up in
/// logs. This per-retry policy replaces the body of a 401/403 with the error code alone before the SDK reads it, so the
/// exception keeps status and error code but never a signature. Bodies of other answers are left alone.
/// </summary>
internal sealed class AuthenticationFailureRedaction : HttpPipelineSynchronousPolicy
{
    public const string Withheld = "Authentication failed; details withheld (the service's message can echo the request signature).";

    public override void OnReceivedResponse(HttpMessage message)
    {
        var response = message.Response;
        if (response.Status is not (401 or 403))
        {
            return;
        }

        var code = response.Headers.TryGetValue("x-ms-error-code", out var c) && !string.IsNullOrEmpty(c) ? c : "AuthenticationFailed";
        var json = response.Headers.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var body = json
            ? JsonSerializer.Serialize(new Dictionary<string, object> { ["odata.error"] = new { code, message = new { lang = "en-US", value = Withheld } } })
            : $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{SecurityElement.Escape(code)}</Code><Message>{Withheld}</Message></Error>";
        response.ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(body));
    }
}
