namespace Yunbao.Infrastructure.Detection;

/// <summary>Which detector runs. Section "Detector": Provider = "simulation" | "azure-vision".</summary>
public sealed class DetectorOptions
{
    public const string Section = "Detector";
    public const string Simulation = "simulation";
    public const string AzureVision = "azure-vision";
    public string Provider { get; set; } = Simulation;
}

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

/// <summary>The confusion model of the simulation detector. Section "SimulationDetector".</summary>
public sealed class SimulationDetectorOptions
{
    public const string Section = "SimulationDetector";
    /// <summary>Probability that a ground-truth object is detected.</summary>
    public double Recall { get; set; } = 0.9;
    /// <summary>Probability that a frame gets one spurious detection.</summary>
    public double FalsePositiveRate { get; set; } = 0.05;
    /// <summary>Standard deviation of the noise added to confidences (true detections centre on 0.85, false ones on 0.55).</summary>
    public double ConfidenceNoise { get; set; } = 0.08;
    public int Seed { get; set; } = 20261125;
    /// <summary>Labels a false positive is drawn from.</summary>
    public List<string> FalsePositiveLabels { get; set; } = ["car", "umbrella", "person", "bicycle", "clothing", "trash can", "sign"];
}
