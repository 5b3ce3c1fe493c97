using Yunbao.Contracts.Geo;
using Yunbao.Domain.Citizens;

namespace Yunbao.Application.Citizens;

/// <summary>What anyone may read of a citizen request (Open311's service request): never the reporter's contact.</summary>
public sealed record CitizenRequestView
{
    public required string RequestId { get; init; }
    public required string CategoryCode { get; init; }
    public required CitizenStatus Status { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>When the problem should be fixed: the order's resolve deadline, or the category's SLA from the request.</summary>
    public required DateTimeOffset ExpectedAt { get; init; }
    public required GeoPoint Location { get; init; }
    public string? Description { get; init; }
    /// <summary>The citizen's address, or the nearest street of the district.</summary>
    public required string Address { get; init; }
    public string? MediaUrl { get; init; }
    public bool Simulated { get; init; }
}
