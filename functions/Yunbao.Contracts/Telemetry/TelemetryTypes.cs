namespace Yunbao.Contracts.Telemetry;

/// <summary>
/// The `type` application property on every device-to-cloud message. IoT Hub routes and the
/// Event Grid subscription filter on it, so it is a contract between devices and the cloud.
/// </summary>
public static class TelemetryTypes
{
    public const string Position = "position";
    public const string Sensor = "sensor";
    public const string Alert = "alert";
    public const string Health = "health";
}
