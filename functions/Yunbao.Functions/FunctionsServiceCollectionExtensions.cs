using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Reports;
using Yunbao.Functions.Http;
using Yunbao.Functions.Http.Open311;
using Yunbao.Infrastructure;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Everything the functions need: domain, heatmaps, infrastructure and the HTTP helpers. The DevHost and
    /// the tests call this too, so they run with exactly the Functions app's registrations.
    /// </summary>
    public static IServiceCollection AddYunbaoFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddYunbaoApplication();
        services.AddYunbaoHeatmaps();
        services.AddYunbaoReports();
        services.AddYunbaoInfrastructure(configuration);
        services.AddYunbaoImaging();
        services.AddOptions<HostModeOptions>().Bind(configuration);
        // The operations console's reads; here, not in AddYunbaoApplication, because OrderEvidence needs the evidence and image ports the hosts of the functions provide.
        services.AddOptions<Application.Operations.StewardPresenceOptions>().Bind(configuration.GetSection(Application.Operations.StewardPresenceOptions.Section));
        services.TryAddTransient<Application.Operations.StewardRoster>();
        services.TryAddTransient<Application.Operations.OrderStatistics>();
        services.TryAddTransient<Application.Operations.OrderEvidence>();
        services.AddSingleton<HttpApi>();
        services.AddOptions<SignInRolesOptions>().Bind(configuration.GetSection(SignInRolesOptions.Section));
        services.AddYunbaoOpen311(configuration);
        return services;
    }
}
