using System.Text.Json.Serialization;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Fields every stored document has: id, the partition key, and the server's concurrency token.</summary>
public abstract record CosmosDocument
{
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    /// <summary>Set by the server; never written by us (null is omitted on write).</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}
