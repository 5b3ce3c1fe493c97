using Yunbao.Edge.Modules;
using Sim = Yunbao.Edge.Simulator;

namespace Yunbao.DevHost.Modules.Simulation;

/// <summary>GNSS fixes of a simulated vehicle.</summary>
public sealed class SimulatedPosition(Sim.Devices.IGnssSource inner) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at)
    {
        var fix = inner.Read(at);
        return new PositionFix(fix.At, fix.Position, fix.HeadingDeg, fix.SpeedKmh);
    }
}
