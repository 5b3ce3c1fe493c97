using Azure.Core;

namespace Yunbao.Infrastructure.Detection;

public sealed class VisionKeyCredential(string key) : IVisionCredential
{
    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Remove("Ocp-Apim-Subscription-Key");
        request.Headers.TryAddWithoutValidation("Ocp-Apim-Subscription-Key", key);
        return ValueTask.CompletedTask;
    }
}
