using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>A sensor's readings at a time. The simulated sensors implement it; a real module would read hardware.</summary>
public interface ISimulatedStation
{
    string DeviceId { get; }
    GeoPoint Position { get; }
    IReadOnlyDictionary<string, double> Read(DateTimeOffset at);
}
