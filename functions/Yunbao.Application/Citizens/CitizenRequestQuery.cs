namespace Yunbao.Application.Citizens;

/// <summary>GET requests' filters after Open311's defaults were applied (the last 90 days, at most 1000).</summary>
public sealed record CitizenRequestQuery
{
    public IReadOnlyList<string> RequestIds { get; init; } = [];
    public IReadOnlyList<string> CategoryCodes { get; init; } = [];
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>null: both; true: open only; false: closed only.</summary>
    public bool? Open { get; init; }
    public int Limit { get; init; } = CitizenRequests.MaxResults;
}
