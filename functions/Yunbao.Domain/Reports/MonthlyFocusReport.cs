namespace Yunbao.Domain.Reports;

/// <summary>每月一题: one month's figures for a district, its recurring spots, the proposed focus problem and last month's followed up.</summary>
public sealed record MonthlyFocusReport
{
    /// <summary>yyyy-MM, in the district's time zone.</summary>
    public required string Month { get; init; }
    public required string DistrictId { get; init; }
    public required string TimeZone { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>True when any incident counted is simulated: such a report is never shown as real.</summary>
    public required bool Simulated { get; init; }
    public required ReportFigures Totals { get; init; }
    public required IReadOnlyList<CategoryFigures> Categories { get; init; }
    public required IReadOnlyList<StreetFigures> Streets { get; init; }
    public required IReadOnlyList<CellFigures> Cells { get; init; }
    public required IReadOnlyList<RecurringSpot> RecurringSpots { get; init; }
    public FocusProposal? Focus { get; init; }
    public FocusFollowUp? PreviousFocus { get; init; }
}
