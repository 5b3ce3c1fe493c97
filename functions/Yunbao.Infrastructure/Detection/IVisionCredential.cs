using Azure.Core;

namespace Yunbao.Infrastructure.Detection;

/// <summary>How a request to Azure AI Vision is authorised: a resource key, or an Entra token (the seam for managed identity).</summary>
public interface IVisionCredential
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct);
}
