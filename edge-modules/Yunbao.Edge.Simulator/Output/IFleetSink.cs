using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>
/// Where the fleet's output goes: straight into storage (DirectStorageFleetSink, the DevHost's default),
/// or later through the IoT Hub stand-in as real devices would send it.
/// </summary>
public interface IFleetSink
{
    Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);

    /// <summary>One device-to-cloud message; <paramref name="type"/> is a TelemetryTypes value, <paramref name="body"/> serialises to camelCase JSON.</summary>
    Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken);
}
