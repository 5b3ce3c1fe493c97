namespace Yunbao.Domain.Catalog;

/// <summary>
/// One of the 14 street-problem categories. Loaded from Catalog/categories.json (data, not code),
/// so adding a category or changing an SLA is a data change with its own tests.
/// </summary>
public sealed record ViolationCategory
{
    /// <summary>Stable code used in ids, layers and APIs, e.g. "illegal-parking".</summary>
    public required string Code { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public required Severity DefaultSeverity { get; init; }
    /// <summary>Minutes from detection until a steward must have been dispatched.</summary>
    public required int DispatchSlaMinutes { get; init; }
    /// <summary>Minutes from detection until the problem must be resolved.</summary>
    public required int ResolveSlaMinutes { get; init; }
    /// <summary>A new incident within this radius of an open order of the same category attaches to it.</summary>
    public required double DedupeRadiusMeters { get; init; }
    /// <summary>... and within this many minutes of the order's last sighting.</summary>
    public required int DedupeWindowMinutes { get; init; }
    /// <summary>Detector labels (lower case) that evidence this category, e.g. "car", "umbrella".</summary>
    public required IReadOnlyList<string> EvidenceLabels { get; init; }
    /// <summary>Zones where the evidence is a violation (a car on the roadway is traffic; on a no-parking zone it is not).</summary>
    public required IReadOnlyList<ZoneType> Zones { get; init; }
    /// <summary>Distinct sightings (frames on separate passes) needed before an order opens; 1 = open at once.</summary>
    public int MinSightings { get; init; } = 1;
    /// <summary>For MinSightings &gt; 1: the earliest gap between sightings that counts as "persisting" (a car still there minutes later is parked).</summary>
    public int PersistenceMinMinutes { get; init; }
    /// <summary>Local hours (0-23) when the rule applies; empty = always.</summary>
    public IReadOnlyList<int> ActiveHours { get; init; } = [];
    /// <summary>Minimum detector confidence to count as a sighting.</summary>
    public double MinConfidence { get; init; } = 0.5;
    /// <summary>Sensor alert metrics (camelCase, as devices send them) that evidence this category, e.g. "waterLevelCm".</summary>
    public IReadOnlyList<string> SensorMetrics { get; init; } = [];

    /// <summary>True when the rule applies at this local hour (0-23).</summary>
    public bool IsActiveAt(int localHour) => ActiveHours.Count == 0 || ActiveHours.Contains(localHour);
}
