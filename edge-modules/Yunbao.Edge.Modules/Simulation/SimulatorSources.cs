using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Sim = Yunbao.Edge.Simulator;

namespace Yunbao.Edge.Modules.Simulation;

/// <summary>Frames drawn by the simulator (SIMULATED: each carries simulated=true and its ground truth in the metadata).</summary>
public sealed class SimulatedFrames(Sim.Imaging.IFrameSource inner) : IFrameSource
{
    public async Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        var frame = await inner.CaptureAsync(capture, cancellationToken);
        return new FrameImage(frame.Jpeg, frame.Metadata);
    }
}

/// <summary>GNSS fixes of a simulated vehicle.</summary>
public sealed class SimulatedPosition(Sim.Devices.IGnssSource inner) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at)
    {
        var fix = inner.Read(at);
        return new PositionFix(fix.At, fix.Position, fix.HeadingDeg, fix.SpeedKmh);
    }
}

/// <summary>Readings of a simulated environmental station.</summary>
public sealed class SimulatedSensor(Sim.Devices.ISensorSource inner) : ISensorSource
{
    public GeoPoint Position => inner.Position;
    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at) => inner.Read(at);
}
