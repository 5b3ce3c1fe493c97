using Yunbao.Contracts.Frames;
using Yunbao.Edge.Modules;
using Sim = Yunbao.Edge.Simulator;

namespace Yunbao.DevHost.Modules.Simulation;

/// <summary>Frames drawn by the simulator (SIMULATED: each carries simulated=true and its ground truth in the metadata).</summary>
public sealed class SimulatedFrames(Sim.Imaging.ISimulatedCamera inner) : IFrameSource
{
    public async Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        var frame = await inner.CaptureAsync(capture, cancellationToken);
        return new FrameImage(frame.Jpeg, frame.Metadata);
    }
}
