using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules;

/// <summary>An environmental station's readings (metric name → value, e.g. pm25, pm10, noiseDb).</summary>
public interface ISensorSource
{
    GeoPoint Position { get; }

    /// <summary>False when no sensor hardware is connected: the module flags its readings (sensorStatus=not-connected).</summary>
    bool IsConnected => true;

    IReadOnlyDictionary<string, double> Read(DateTimeOffset at);
}
