using Yunbao.Contracts.Geo;
using Yunbao.Domain.Citizens;

namespace Yunbao.Application.Citizens;

/// <summary>A validated Open311 POST: what the citizen reported, by which client system, from where.</summary>
public sealed record CitizenSubmission
{
    public required string ClientId { get; init; }
    public required string CategoryCode { get; init; }
    public required GeoPoint Location { get; init; }
    public string? TicketId { get; init; }
    public string? AddressString { get; init; }
    public string? Description { get; init; }
    public string? MediaUrl { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public CitizenContact Contact { get; init; } = new();
    /// <summary>Sent by the local runner's simulated citizens (their api_key's client is marked simulated).</summary>
    public bool Simulated { get; init; }
}
