namespace Yunbao.Contracts.Simulation;

/// <summary>
/// The simulated world's violations over a run window [<paramref name="From"/>, <paramref name="To"/>): what the
/// local runner writes so the scorecard can compare the pipeline's orders with what was really there. SIMULATED.
/// </summary>
public sealed record SimulatedGroundTruth(string DistrictId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<GroundTruthViolation> Violations)
{
    public const string Label = "SIMULATED ground truth (the fleet simulator's planned violations), not a real-world survey";
}
