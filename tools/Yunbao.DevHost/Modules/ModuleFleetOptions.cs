namespace Yunbao.DevHost.Modules;

/// <summary>Settings shared by the modules of a fleet.</summary>
public sealed class ModuleFleetOptions
{
    /// <summary>Root of the modules' durable outboxes (one folder per identity below it).</summary>
    public string OutboxDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "yunbao-outbox");
    public string DistrictId { get; set; } = "lize";
    /// <summary>Longest wait between reconnect attempts (short locally, so a restarted stand-in is found quickly).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// False: the modules connect (twin, methods, outbox) but do not run their own capture/reading schedule; the caller
    /// triggers them through their public methods (the DevHost's simulated fleet decides when, on simulated time).
    /// </summary>
    public bool RunSchedules { get; set; } = true;
    /// <summary>
    /// Clock of the modules themselves (capture times, schedule); null: the clock of their IoT Hub clients. The clients
    /// (SAS tokens, MQTT, upload SAS) stay on the time given to StartAsync, which the stand-in validates against.
    /// </summary>
    public TimeProvider? ModuleClock { get; set; }
    /// <summary>Application properties on every module telemetry message (e.g. simulated=true).</summary>
    public Dictionary<string, string> MessageProperties { get; set; } = [];
}
