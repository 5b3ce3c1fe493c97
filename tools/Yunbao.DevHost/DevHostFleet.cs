using Microsoft.Extensions.Logging;
using Yunbao.Edge.Simulator;

namespace Yunbao.DevHost;

/// <summary>Fleet settings for short runs (tests): fewer and smaller frames, the same kinds of output.</summary>
public static class DevHostFleet
{
    public static void Small(SimulatorOptions o)
    {
        o.PatrolCaptureIntervalSeconds = 120;
        o.FixedCameraCount = 2;
        o.FixedCaptureIntervalSeconds = 900;
        o.PositionReportIntervalSeconds = 60;
        o.StewardReportIntervalSeconds = 300;
        o.SensorReadingIntervalSeconds = 900;
        o.TriggeredCaptureMinGapSeconds = 20;
        o.ImageWidth = 320;
        o.ImageHeight = 180;
    }
}
