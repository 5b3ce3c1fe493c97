namespace Yunbao.Contracts.Messaging;

/// <summary>What the Blob service reports about a created blob (the fields of StorageBlobCreatedEventData we fill).</summary>
public sealed record BlobCreatedEventInput
{
    /// <summary>e.g. http://127.0.0.1:10000/devstoreaccount1 or https://{account}.blob.core.windows.net</summary>
    public required Uri BlobServiceUri { get; init; }
    public required string Container { get; init; }
    public required string BlobName { get; init; }
    public required string ContentType { get; init; }
    public required long ContentLength { get; init; }
    public required string ETag { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public string Api { get; init; } = "PutBlob";
    public string BlobType { get; init; } = "BlockBlob";
    public string? EventId { get; init; }
    public string? ClientRequestId { get; init; }
    /// <summary>Resource id of the storage account; a local placeholder when null.</summary>
    public string? Topic { get; init; }
    /// <summary>Opaque per-blob ordering value; derived from the event time when null.</summary>
    public string? Sequencer { get; init; }
}
