namespace Yunbao.EventHubsStandIn;

/// <summary>What every log line, banner and health answer of the stand-in says it is.</summary>
public static class EventHubsStandInLabel
{
    public const string Text = "Event Hubs STAND-IN (local, not Azure Event Hubs)";
}
