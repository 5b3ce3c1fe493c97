using System.Text.Json.Nodes;
using Yunbao.Contracts.Telemetry;

namespace Yunbao.Edge.EnvSensor;

/// <summary>EnvSensor's settings: twin desired properties readingIntervalSeconds and thresholds {metric: {raise, clear}}.</summary>
public sealed record EnvSensorSettings
{
    public double ReadingIntervalSeconds { get; init; } = 60;

    /// <summary>Raise at or above Raise, clear at or below Clear (hysteresis). Defaults: GB 3095-2012 / GB 3096-2008 limits.</summary>
    public IReadOnlyList<AlarmThreshold> Thresholds { get; init; } =
        [.. AlarmThreshold.Defaults.Where(t => t.Metric is SensorMetrics.Pm25 or SensorMetrics.Pm10 or SensorMetrics.NoiseDb)];

    public static readonly IReadOnlyList<string> DesiredPropertyNames = ["readingIntervalSeconds", "thresholds"];

    public JsonObject ToReported()
    {
        var thresholds = new JsonObject();
        foreach (var t in Thresholds) thresholds[t.Metric] = new JsonObject { ["raise"] = t.Raise, ["clear"] = t.Clear };
        return new JsonObject { ["readingIntervalSeconds"] = ReadingIntervalSeconds, ["thresholds"] = thresholds };
    }
}
