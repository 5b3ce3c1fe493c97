using Yunbao.Domain.Evaluation;

namespace Yunbao.DevHost.Evaluation;

/// <summary>What `evaluate` found: per-label metrics, incident candidates per category the rules made, and why they dropped the rest.</summary>
public sealed record DetectorEvaluationResult(IReadOnlyList<LabelMetrics> Labels, IReadOnlyDictionary<string, int> IncidentCandidates,
    IReadOnlyDictionary<string, int> Rejections, string Detector, bool Simulation, int Images);
