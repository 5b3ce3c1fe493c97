using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.Modules;

/// <summary>What a module's factory gets when the module runs as its own process (an IoT Edge container).</summary>
public sealed record ModuleServices(IotHubClient Client, ModuleContext Context, IConfiguration Configuration, ILoggerFactory LoggerFactory, IModuleSources Sources,
    IotHubClientOptions ClientOptions)
{
    /// <summary>The camera modules' frame uploader (the vehicle's device identity, <see cref="FrameUploaderFactory"/>); the caller owns it.</summary>
    public DeviceFileUploader CreateFrameUploader() => FrameUploaderFactory.FromConfiguration(Configuration, ClientOptions, Context.DeviceId, LoggerFactory);
}
