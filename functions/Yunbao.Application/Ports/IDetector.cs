using Yunbao.Domain.Detection;

namespace Yunbao.Application.Ports;

/// <summary>A detector provider (Azure AI Vision, simulation, ONNX later).</summary>
public interface IDetector
{
    /// <summary>Provider name shown in logs and the API, e.g. "azure-vision" or "simulation".</summary>
    string Name { get; }
    /// <summary>True for the simulation detector: its output must never be presented as real.</summary>
    bool IsSimulation { get; }
    Task<DetectionResult> DetectAsync(FrameContent frame, CancellationToken cancellationToken);
}
