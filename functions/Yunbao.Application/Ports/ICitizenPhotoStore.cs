namespace Yunbao.Application.Ports;

/// <summary>Photos citizens upload with a report (Blob `evidence/citizen/{id}.jpg`): re-encoded on the way in, so no camera metadata is kept.</summary>
public interface ICitizenPhotoStore
{
    /// <summary>Stores an uploaded image (JPEG or PNG) as a clean JPEG; returns its id. Throws <see cref="FormatException"/> when it is not an image.</summary>
    Task<string> SaveAsync(ReadOnlyMemory<byte> image, CancellationToken ct);
    /// <summary>The stored JPEG, or null.</summary>
    Task<byte[]?> ReadAsync(string id, CancellationToken ct);
}
