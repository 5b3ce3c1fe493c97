namespace Yunbao.Domain.Evaluation;

/// <summary>
/// The whole pipeline scored against the simulation's ground truth over a window (see <see cref="ScorecardCalculator"/>
/// for the matching rules). <see cref="Label"/> always says the truth is simulated.
/// </summary>
public sealed record PipelineScorecard(
    string Label,
    DateTimeOffset From,
    DateTimeOffset To,
    ScorecardRow Overall,
    IReadOnlyList<ScorecardRow> ByCategory,
    IReadOnlyList<ScorecardRow> BySource,
    DurationStats StartToOrder,
    DurationStats OrderToVerified,
    DedupeOutcome Dedupe,
    IReadOnlyList<string> MissedViolationIds,
    IReadOnlyList<string> FalseOrderIds);
