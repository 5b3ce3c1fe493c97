using System.Text.Json;

namespace Yunbao.Contracts.Messaging;

/// <summary>The envelope of one Event Grid event, in either the Event Grid schema or the CloudEvents 1.0 schema.</summary>
public sealed record EventGridEnvelope(string Id, string EventType, string Subject, DateTimeOffset EventTime, string? Topic, JsonElement Data, string? DataVersion, string? MetadataVersion);
