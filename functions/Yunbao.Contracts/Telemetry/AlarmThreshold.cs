namespace Yunbao.Contracts.Telemetry;

/// <summary>A metric's alert threshold: raised at or above <see cref="Raise"/>, cleared only at or below <see cref="Clear"/>.</summary>
public sealed record AlarmThreshold(string Metric, double Raise, double Clear)
{
    /// <summary>
    /// Defaults: PM2.5 75 µg/m³ and PM10 150 µg/m³ (China's GB 3095-2012 grade II 24-hour limits), noise 70 dB(A)
    /// (GB 3096-2008 class 4a daytime limit beside main roads), water on the road 15 cm (cars stall, the road is closed).
    /// The clear level sits a margin below, so a reading wobbling around the limit raises once and stays raised.
    /// </summary>
    public static IReadOnlyList<AlarmThreshold> Defaults { get; } =
    [
        new(SensorMetrics.Pm25, 75, 60),
        new(SensorMetrics.Pm10, 150, 120),
        new(SensorMetrics.NoiseDb, 70, 65),
        new(SensorMetrics.WaterLevelCm, 15, 8),
    ];
}
