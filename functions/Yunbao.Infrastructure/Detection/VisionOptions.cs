namespace Yunbao.Infrastructure.Detection;

/// <summary>Azure AI Vision Image Analysis 4.0. Section "Vision". Key is for local use; in Azure the managed identity signs requests.</summary>
public sealed class VisionOptions
{
    public const string Section = "Vision";
    /// <summary>e.g. https://{resource}.cognitiveservices.azure.com</summary>
    public string? Endpoint { get; set; }
    public string? Key { get; set; }
    /// <summary>Client id of a user-assigned identity; null = system-assigned (used only when Key is empty).</summary>
    public string? ManagedIdentityClientId { get; set; }
    public string ApiVersion { get; set; } = "2024-02-01";
    /// <summary>Tags below this confidence are dropped.</summary>
    public double MinTagConfidence { get; set; } = 0.5;
    /// <summary>Retries after the first attempt on 429, 5xx and transport errors.</summary>
    public int MaxRetries { get; set; } = 4;
    /// <summary>First backoff when the service gives no Retry-After; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A Retry-After longer than this is cut to it, so a queue message is not held for minutes.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
