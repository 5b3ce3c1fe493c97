using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>Frames drawn from the simulated world: what the camera would see of the violations present now.</summary>
public sealed class SimulatedFrameSource(WorldModel world, SyntheticFrameRenderer renderer, CameraMount mount) : ISimulatedCamera
{
    /// <summary>Blob metadata is capped at 8 KB in all; the nearest objects are kept.</summary>
    public const int MaxGroundTruthObjects = 30;

    public IReadOnlyList<GroundTruthObject> See(FrameCapture capture)
    {
        var position = world.District.ToLocal(capture.Position);
        var viewHeading = capture.HeadingDeg + ViewOffset(capture.View);
        var candidates = world.ActiveNear(position, mount.RangeMeters);
        var seen = CameraModel.See(position, viewHeading, mount, candidates, Width(capture), Height(capture));
        return seen.Count <= MaxGroundTruthObjects ? seen : seen.Skip(seen.Count - MaxGroundTruthObjects).ToList();
    }

    public Task<CapturedFrame> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        var truth = See(capture);
        var jpeg = renderer.Render(capture, truth);
        return Task.FromResult(new CapturedFrame(capture, jpeg, SimulatedFrameMetadata.For(capture, truth), truth));
    }

    public static double ViewOffset(string view) => view switch
    {
        CameraViews.Right => 90,
        CameraViews.Rear => 180,
        CameraViews.Left => 270,
        _ => 0,
    };

    private static int Width(FrameCapture c) => c.ImageWidth > 0 ? c.ImageWidth : SyntheticFrameRenderer.DefaultWidth;
    private static int Height(FrameCapture c) => c.ImageHeight > 0 ? c.ImageHeight : SyntheticFrameRenderer.DefaultHeight;
}
