using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Yunbao.Functions.Http.Open311;

public static class Open311ServiceCollectionExtensions
{
    /// <summary>The Open311 endpoint's options ("Open311"), key check, rate limiter (one per instance) and route helper.</summary>
    public static IServiceCollection AddYunbaoOpen311(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Open311Options>().Bind(configuration.GetSection(Open311Options.Section));
        services.TryAddSingleton<Open311ApiKeys>();
        services.TryAddSingleton<Open311RateLimiter>();
        services.TryAddSingleton<Open311Http>();
        return services;
    }
}
