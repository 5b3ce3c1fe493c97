using Yunbao.Domain.Detection;

namespace Yunbao.Application.Ports;

public interface IFrameStore
{
    /// <summary>Reads a frame and its capture metadata from the `frames` container; null when missing.</summary>
    Task<FrameContent?> ReadAsync(string blobName, CancellationToken ct);
}
