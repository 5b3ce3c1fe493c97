namespace Yunbao.Domain.Reports;

/// <summary>The figures of one slice of a month (the district, a category, a street, or a category on a street).</summary>
public sealed record ReportFigures
{
    /// <summary>Incidents observed in the month by source (patrol_vehicle, fixed_camera, sensor, citizen, steward).</summary>
    public required IReadOnlyDictionary<string, int> BySource { get; init; }
    public required int Total { get; init; }
    public required int PreviousTotal { get; init; }
    /// <summary>Percent change of <see cref="Total"/> against the previous month; null when that month had none.</summary>
    public double? ChangePct { get; init; }
    public required int CitizenCount { get; init; }
    public required int PreviousCitizenCount { get; init; }
    public required int OrdersOpened { get; init; }
    /// <summary>Orders whose (latest) resolution fell in the month.</summary>
    public required int OrdersResolved { get; init; }
    /// <summary>Median minutes from the SLA clock's start to the resolution, over <see cref="OrdersResolved"/>; null when none.</summary>
    public double? MedianResolveMinutes { get; init; }
    /// <summary>Percent of <see cref="OrdersResolved"/> resolved by their deadline; null when none.</summary>
    public double? SlaCompliancePct { get; init; }
}
