namespace Yunbao.IotHubStandIn;

/// <summary>What every log line, banner and API answer of the stand-in says it is.</summary>
public static class StandInLabel
{
    public const string Text = "IoT Hub STAND-IN (local, not Azure IoT Hub)";
    public const string HeaderName = "x-yunbao-standin";
}
