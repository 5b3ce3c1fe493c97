namespace Yunbao.Contracts.Simulation;

/// <summary>
/// One violation the simulator planned: where, which category, and the interval it stood
/// (<paramref name="End"/> = resolved by a steward or its natural end; null = still standing when the record was written).
/// </summary>
public sealed record GroundTruthViolation(string Id, string CategoryCode, double Lon, double Lat, DateTimeOffset Start, DateTimeOffset? End, string Scenario = "");
