using Yunbao.Domain.Detection;

namespace Yunbao.Domain.Rules;

/// <summary>A detection (or one of its categories) the rules did not accept, and why.</summary>
public sealed record RejectedDetection(DetectedObject Object, string? CategoryCode, string Reason);
