namespace Yunbao.Edge.IotHub;

/// <summary>
/// The environment IoT Edge gives a module (IoT Edge module environment variables).
/// A module has no key: the workload API signs its tokens.
/// </summary>
public sealed record EdgeModuleEnvironment(
    string IotHubHostName,
    string DeviceId,
    string ModuleId,
    string? GatewayHostName,
    Uri WorkloadUri,
    string GenerationId,
    string ApiVersion,
    string AuthScheme)
{
    public const string DefaultWorkloadUri = "unix:///var/run/iotedge/workload.sock";
    public const string DefaultApiVersion = "2019-01-30";

    /// <summary>Reads IOTEDGE_* variables; null when this process does not run as an IoT Edge module.</summary>
    public static EdgeModuleEnvironment? TryRead(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var hub = getEnvironmentVariable("IOTEDGE_IOTHUBHOSTNAME");
        var device = getEnvironmentVariable("IOTEDGE_DEVICEID");
        var module = getEnvironmentVariable("IOTEDGE_MODULEID");
        if (string.IsNullOrEmpty(hub) || string.IsNullOrEmpty(device) || string.IsNullOrEmpty(module)) return null;

        var authScheme = getEnvironmentVariable("IOTEDGE_AUTHSCHEME") is { Length: > 0 } a ? a : "sasToken";
        if (!string.Equals(authScheme, "sasToken", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"IOTEDGE_AUTHSCHEME '{authScheme}' is not supported; only sasToken is.");

        var generation = getEnvironmentVariable("IOTEDGE_MODULEGENERATIONID");
        if (string.IsNullOrEmpty(generation))
            throw new InvalidOperationException("IOTEDGE_MODULEGENERATIONID is missing: the workload API cannot sign without it.");

        return new EdgeModuleEnvironment(
            hub, device, module,
            getEnvironmentVariable("IOTEDGE_GATEWAYHOSTNAME") is { Length: > 0 } gw ? gw : null,
            new Uri(getEnvironmentVariable("IOTEDGE_WORKLOADURI") is { Length: > 0 } w ? w : DefaultWorkloadUri),
            generation,
            getEnvironmentVariable("IOTEDGE_APIVERSION") is { Length: > 0 } v ? v : DefaultApiVersion,
            authScheme);
    }

    public IotHubConnectionSettings ToConnectionSettings() => new()
    {
        HostName = IotHubHostName,
        DeviceId = DeviceId,
        ModuleId = ModuleId,
        GatewayHostName = GatewayHostName,
    };
}
