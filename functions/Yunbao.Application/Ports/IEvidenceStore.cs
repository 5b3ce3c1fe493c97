namespace Yunbao.Application.Ports;

/// <summary>Stewards' photos in the private `evidence` container; read back only through the API.</summary>
public interface IEvidenceStore
{
    /// <summary>Create-only write of a decoded, checked image under <paramref name="blobName"/>.</summary>
    Task SaveAsync(string blobName, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken ct);
    /// <summary>The image, or null when there is none by that name.</summary>
    Task<EvidenceImage?> ReadAsync(string blobName, CancellationToken ct);
}
