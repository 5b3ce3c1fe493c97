using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>Blob metadata of simulated frames: the capture context (the one FrameMetadataCodec), labelled simulated, with the ground truth.</summary>
public static class SimulatedFrameMetadata
{
    /// <summary>Capture context (the one FrameMetadataCodec), plus simulated=true and the ground truth when given.</summary>
    public static Dictionary<string, string> For(FrameCapture capture, IReadOnlyList<GroundTruthObject>? groundTruth)
    {
        var metadata = FrameMetadataCodec.ToMetadata(capture);
        if (groundTruth is not null)
        {
            metadata[FrameMetadataKeys.Simulated] = "true";
            metadata[FrameMetadataKeys.GroundTruth] = GroundTruthCodec.Encode(groundTruth);
        }
        return metadata;
    }
}
