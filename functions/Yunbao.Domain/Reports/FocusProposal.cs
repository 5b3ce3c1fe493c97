namespace Yunbao.Domain.Reports;

/// <summary>每月一题: the month's proposed focus problem, with the figures that chose it.</summary>
public sealed record FocusProposal
{
    public required string CategoryCode { get; init; }
    public required string CategoryNameZh { get; init; }
    public required string CategoryNameEn { get; init; }
    public required string StreetId { get; init; }
    public required string StreetNameZh { get; init; }
    public required string StreetNameEn { get; init; }
    public required int CitizenCount { get; init; }
    public required int PreviousCitizenCount { get; init; }
    public required int Recurrences { get; init; }
    /// <summary>(this month + 1) / (previous month + 1) of citizen complaints, clamped to 0.5–2.</summary>
    public required double Trend { get; init; }
    /// <summary>citizen count × (1 + 0.5 × recurrences) × trend.</summary>
    public required double Score { get; init; }
    public required string ReasonZh { get; init; }
    public required string ReasonEn { get; init; }
}
