using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Yunbao.Edge.IotHub;

public static class IotHubServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IotHubClientOptions"/> from the <c>IotHub</c> section. Create the client at start-up with
    /// <see cref="IotHubClient.CreateAsync"/> (it may call the IoT Edge workload API, which is asynchronous).
    /// </summary>
    public static IServiceCollection AddIotHubClientOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IotHubClientOptions>().Bind(configuration.GetSection(IotHubClientOptions.SectionName));
        return services;
    }
}
