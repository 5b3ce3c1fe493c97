
namespace Yunbao.Domain.Detection;

/// <summary>What a detector saw. <see cref="Simulated"/> is true for the simulation detector, always.</summary>
public sealed record DetectionResult(string Provider, bool Simulated, IReadOnlyList<DetectedObject> Objects, IReadOnlyList<string> Tags);
