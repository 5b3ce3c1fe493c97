namespace Yunbao.Functions.Http;

/// <summary>How this host runs. Bound from the root configuration keys `LocalMode` and `StandIns`.</summary>
public sealed class HostModeOptions
{
    /// <summary>True only on a developer's machine (DevHost, `func start`): enables the dev principal. Never true in Azure.</summary>
    public bool LocalMode { get; set; }
    /// <summary>Local stand-ins a host reports beyond those its connection strings reveal (e.g. "iot-hub: direct-to-storage simulator sink").</summary>
    public string? StandIns { get; set; }
    /// <summary>
    /// True when App Service Authentication is on (the platform sets WEBSITE_AUTH_ENABLED=True): only then is
    /// X-MS-CLIENT-PRINCIPAL set by the platform rather than by the caller, and only then is it read outside LocalMode.
    /// </summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("WEBSITE_AUTH_ENABLED")]
    public bool PlatformAuthEnabled { get; set; }
}
