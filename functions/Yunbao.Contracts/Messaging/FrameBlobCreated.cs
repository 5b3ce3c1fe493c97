namespace Yunbao.Contracts.Messaging;

/// <summary>A frame blob announced by a Microsoft.Storage.BlobCreated event.</summary>
public sealed record FrameBlobCreated(string BlobName, string EventId, DateTimeOffset EventTime, string Url, string? ETag, string? ContentType, long ContentLength);
