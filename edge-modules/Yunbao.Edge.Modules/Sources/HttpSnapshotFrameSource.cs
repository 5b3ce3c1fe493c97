using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// An IP camera's JPEG snapshot endpoint (most ONVIF/IP cameras have one, e.g. http://camera/snapshot.jpg), fetched
/// per capture. "{view}" in the URL is replaced by the view name, so a 360° rig can serve its four cameras from one
/// template. A failed request or a body that is not a JPEG means no frame (<see cref="FrameUnavailableException"/>).
/// </summary>
public sealed class HttpSnapshotFrameSource(HttpClient http, string urlTemplate) : IFrameSource
{
    public string UrlTemplate { get; } = urlTemplate;

    public async Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        var url = UrlTemplate.Replace("{view}", Uri.EscapeDataString(capture.View), StringComparison.Ordinal);
        byte[] jpeg;
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new FrameUnavailableException($"Snapshot {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            jpeg = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e) { throw new FrameUnavailableException($"Snapshot {url} failed: {e.Message}", e); }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested) { throw new FrameUnavailableException($"Snapshot {url} timed out.", e); }

        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new FrameUnavailableException($"Snapshot {url} is not a JPEG ({jpeg.Length} bytes, no SOI marker).");
        return new FrameImage(jpeg, new Dictionary<string, string>());
    }
}
