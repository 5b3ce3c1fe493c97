using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Modules;

/// <summary>Where a camera module's pictures come from: a camera (folder, snapshot URL) on the device, or a simulation its host injects.</summary>
public interface IFrameSource
{
    /// <summary>The picture for <paramref name="capture"/>; throws <see cref="FrameUnavailableException"/> when the camera has none.</summary>
    Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken);
}
