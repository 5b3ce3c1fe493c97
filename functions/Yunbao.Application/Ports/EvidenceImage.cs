namespace Yunbao.Application.Ports;

/// <summary>Image bytes as stored, with the content type they were stored with.</summary>
public sealed record EvidenceImage(ReadOnlyMemory<byte> Bytes, string ContentType);
