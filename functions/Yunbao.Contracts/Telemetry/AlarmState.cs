namespace Yunbao.Contracts.Telemetry;

/// <summary>The transition a reading causes: the `state` of a <see cref="SensorAlert"/> ("raised" / "cleared").</summary>
public enum AlarmState { Raised, Cleared }
