namespace Yunbao.Domain.Reports;

/// <summary>A place where a category came back after it was resolved: a reopened order, or a new order within the category's radius of a resolved one.</summary>
public sealed record RecurringSpot
{
    public required string CategoryCode { get; init; }
    public required string StreetId { get; init; }
    public required string StreetNameZh { get; init; }
    public required string StreetNameEn { get; init; }
    public required double Lon { get; init; }
    public required double Lat { get; init; }
    /// <summary>How often it came back within the month.</summary>
    public required int Recurrences { get; init; }
    /// <summary>The orders of the spot, earliest first.</summary>
    public required IReadOnlyList<string> WorkOrderIds { get; init; }
}
