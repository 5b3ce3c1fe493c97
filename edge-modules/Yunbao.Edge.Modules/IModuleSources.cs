using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules;

/// <summary>
/// Everything a module reads the world through. A module process gets <see cref="Sources.ConfiguredSources"/> (the
/// device's camera, GNSS and sensor, from configuration); a host may inject others (the DevHost injects its SIMULATED ones).
/// </summary>
public interface IModuleSources
{
    /// <summary>What the sources are, for logs: e.g. "folder", "http", "simulated".</summary>
    string Kind { get; }
    /// <summary>True for simulation sources: the host warns, and frames carry simulated=true.</summary>
    bool IsSimulated { get; }
    IFrameSource PatrolFrames { get; }
    IFrameSource FixedFrames { get; }
    IPositionSource PatrolPosition { get; }
    ISensorSource EnvironmentalSensor(string deviceId, GeoPoint position);
}
