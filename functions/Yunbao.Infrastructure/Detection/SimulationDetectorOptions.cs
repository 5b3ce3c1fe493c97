namespace Yunbao.Infrastructure.Detection;

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
