using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Application;

namespace Yunbao.Infrastructure.Detection;

/// <summary>
/// Reads the `simgroundtruth` metadata through the domain's <see cref="GroundTruthCodec"/> (the one format, shared with
/// the fleet simulator) and turns a bad value into <see cref="UnprocessableInputException"/> naming frame and key.
/// </summary>
public static class SimulationGroundTruth
{
    public static string Encode(IEnumerable<GroundTruthObject> objects) => GroundTruthCodec.Encode(objects.ToList());

    public static IReadOnlyList<GroundTruthObject> Decode(string blobName, string value)
    {
        try { return GroundTruthCodec.Decode(value.Trim()); }
        catch (FormatException e) { throw new UnprocessableInputException($"Frame '{blobName}': metadata '{FrameMetadataKeys.GroundTruth}' is unreadable: {e.Message}"); }
    }
}
