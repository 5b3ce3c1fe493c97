using Yunbao.Contracts.Geo;
using Yunbao.Edge.Modules;
using Sim = Yunbao.Edge.Simulator;

namespace Yunbao.DevHost.Modules.Simulation;

/// <summary>Readings of a simulated environmental station.</summary>
public sealed class SimulatedSensor(Sim.Devices.ISimulatedStation inner) : ISensorSource
{
    public GeoPoint Position => inner.Position;
    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at) => inner.Read(at);
}
