namespace Yunbao.Domain.Reports;

/// <summary>Last month's focus problem followed up: its citizen complaints then and now, and whether they fell.</summary>
public sealed record FocusFollowUp
{
    public required string Month { get; init; }
    public required string CategoryCode { get; init; }
    public required string StreetId { get; init; }
    public required int CitizenCountThen { get; init; }
    public required int CitizenCountNow { get; init; }
    public required int RecurrencesNow { get; init; }
    public required bool Fell { get; init; }
    public double? ChangePct { get; init; }
}
