using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Recognition;

/// <summary>One object the on-vehicle model found, in the original frame's pixels.</summary>
public sealed record EdgeDetection(string Label, double Confidence, PixelBox Box);
