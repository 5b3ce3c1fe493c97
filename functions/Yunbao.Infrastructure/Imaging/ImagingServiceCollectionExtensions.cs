using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Imaging;

public static class ImagingServiceCollectionExtensions
{
    /// <summary>Registers the SkiaSharp PNG encoder behind IPngEncoder and the image inspector behind IImageInspector.</summary>
    public static IServiceCollection AddYunbaoImaging(this IServiceCollection services)
    {
        services.TryAddSingleton<IPngEncoder, SkiaPngEncoder>();
        services.TryAddSingleton<IImageInspector, SkiaImageInspector>();
        return services;
    }
}
