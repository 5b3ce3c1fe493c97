namespace Yunbao.Infrastructure.Detection;

/// <summary>Which detector runs. Section "Detector": Provider = "simulation" | "azure-vision".</summary>
public sealed class DetectorOptions
{
    public const string Section = "Detector";
    public const string Simulation = "simulation";
    public const string AzureVision = "azure-vision";
    public string Provider { get; set; } = Simulation;
}
