using CreditFunctions.LocalHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.LocalHost.LocalDev;

internal static class LocalDevRegistration
{
    /// <summary>
    /// The run command's companions (Azurite, the Xero, MYOB and QuickBooks simulator processes), when <c>LocalDev:Enabled</c>. Call first: hosted services start in registration order, and everything else needs them up.
    /// </summary>
    public static WebApplicationBuilder AddLocalDev(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LocalDevOptions.SectionName);
        builder.Services.AddOptions<LocalDevOptions>().Bind(section);
        if (section.GetValue<bool>(nameof(LocalDevOptions.Enabled)))
        {
            builder.Services.AddHostedService<LocalDevServices>();
            builder.Services.AddHostedService<LocalDevBanner>();
        }

        return builder;
    }
}
