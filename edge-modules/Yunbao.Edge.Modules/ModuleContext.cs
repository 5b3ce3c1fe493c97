namespace Yunbao.Edge.Modules;

/// <summary>Who a module instance is and where it works (from IOTEDGE_* / configuration).</summary>
public sealed record ModuleContext(string DeviceId, string ModuleId, string DistrictId)
{
    /// <summary>Application properties on every telemetry message (e.g. simulated=true when the sources are simulated).</summary>
    public IReadOnlyDictionary<string, string> MessageProperties { get; init; } = new Dictionary<string, string>();
}
