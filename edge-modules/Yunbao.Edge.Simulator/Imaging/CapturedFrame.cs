using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>A captured frame: the JPEG, its blob metadata and (for simulated frames) the ground truth drawn into it.</summary>
public sealed record CapturedFrame(FrameCapture Capture, byte[] Jpeg, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<GroundTruthObject> GroundTruth);
