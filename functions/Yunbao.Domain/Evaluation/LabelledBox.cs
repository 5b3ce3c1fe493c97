using Yunbao.Contracts.Frames;

namespace Yunbao.Domain.Evaluation;

/// <summary>A box in an image: a ground-truth annotation (no confidence) or a detection (with one).</summary>
public sealed record LabelledBox(string ImageId, string Label, PixelBox Box, double Confidence = 1);
