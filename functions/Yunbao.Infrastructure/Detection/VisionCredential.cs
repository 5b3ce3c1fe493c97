using Azure.Core;

namespace Yunbao.Infrastructure.Detection;

/// <summary>How a request to Azure AI Vision is authorised: a resource key, or an Entra token (the seam for managed identity).</summary>
public interface IVisionCredential
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct);
}

public sealed class VisionKeyCredential(string key) : IVisionCredential
{
    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Remove("Ocp-Apim-Subscription-Key");
        request.Headers.TryAddWithoutValidation("Ocp-Apim-Subscription-Key", key);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Bearer token for Azure AI services (scope https://cognitiveservices.azure.com/.default).</summary>
public sealed class VisionTokenCredential(TokenCredential credential) : IVisionCredential
{
    private static readonly TokenRequestContext Context = new(["https://cognitiveservices.azure.com/.default"]);

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(Context, ct);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
    }
}
