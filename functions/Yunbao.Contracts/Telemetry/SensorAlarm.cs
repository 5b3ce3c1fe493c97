namespace Yunbao.Contracts.Telemetry;

/// <summary>
/// A threshold alarm with hysteresis. Reusable by a real sensor module: feed it readings, send what it returns.
/// </summary>
public sealed class SensorAlarm(AlarmThreshold threshold)
{
    public AlarmThreshold Threshold { get; } = threshold;
    public bool IsRaised { get; private set; }

    /// <summary>The transition this reading causes, if any.</summary>
    public AlarmState? Update(double value)
    {
        if (!IsRaised && value >= Threshold.Raise) { IsRaised = true; return AlarmState.Raised; }
        if (IsRaised && value <= Threshold.Clear) { IsRaised = false; return AlarmState.Cleared; }
        return null;
    }
}
