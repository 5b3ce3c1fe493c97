namespace Yunbao.Contracts.Telemetry;

/// <summary>Metric names in sensor readings and alerts (camelCase, as the category catalog's sensorMetrics).</summary>
public static class SensorMetrics
{
    public const string Pm25 = "pm25";
    public const string Pm10 = "pm10";
    public const string NoiseDb = "noiseDb";
    public const string WaterLevelCm = "waterLevelCm";
}
