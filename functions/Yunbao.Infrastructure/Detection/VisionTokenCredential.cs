using Azure.Core;

namespace Yunbao.Infrastructure.Detection;

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
