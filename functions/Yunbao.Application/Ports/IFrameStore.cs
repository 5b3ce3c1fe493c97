using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Ports;

public interface IFrameStore
{
    /// <summary>Reads a frame and its capture metadata from the `frames` container; null when missing.</summary>
    Task<FrameContent?> ReadAsync(string blobName, CancellationToken ct);
}
