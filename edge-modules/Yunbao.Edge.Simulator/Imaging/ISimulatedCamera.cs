using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>Where a camera's pictures come from. The simulator draws them; a real module would read the camera.</summary>
public interface ISimulatedCamera
{
    Task<CapturedFrame> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken);
}
