using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>Where a camera's pictures come from. The simulator draws them; a real module would read the camera.</summary>
public interface ISimulatedCamera
{
    Task<CapturedFrame> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken);
}
