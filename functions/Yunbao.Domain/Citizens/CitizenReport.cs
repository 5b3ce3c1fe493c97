namespace Yunbao.Domain.Citizens;

/// <summary>What a citizen's Open311 request adds to its incident: which client system sent it, what they said, and who they are (private).</summary>
public sealed record CitizenReport
{
    /// <summary>The api_key's client system (e.g. "citizen-page", "hotline-12345"): public, it says which channel a report came by.</summary>
    public required string ClientId { get; init; }
    /// <summary>The client system's own ticket id (the hotline's): a retried POST with it is the same request.</summary>
    public string? TicketId { get; init; }
    public string? AddressString { get; init; }
    /// <summary>The photo the citizen linked or uploaded: public evidence (media_url).</summary>
    public string? MediaUrl { get; init; }
    /// <summary>Open311 attribute answers by attribute code (a multivaluelist has several).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public CitizenContact Contact { get; init; } = new();
}
