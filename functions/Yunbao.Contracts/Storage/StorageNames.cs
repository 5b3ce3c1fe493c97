namespace Yunbao.Contracts.Storage;

/// <summary>Blob containers and queues (names shared with Bicep and the local runner).</summary>
public static class StorageNames
{
    public const string FramesContainer = "frames";
    public const string EvidenceContainer = "evidence";
    public const string HeatmapsContainer = "heatmaps";
    /// <summary>Monthly focus reports (每月一题): {yyyy-MM}.json and .csv.</summary>
    public const string ReportsContainer = "reports";
    public const string FrameEventsQueue = "frame-events";
    public const string TelemetryQueue = "telemetry";
    public const string PoisonSuffix = "-poison";

    public static readonly IReadOnlyList<string> Containers = [FramesContainer, EvidenceContainer, HeatmapsContainer, ReportsContainer];
    public static readonly IReadOnlyList<string> Queues =
        [FrameEventsQueue, TelemetryQueue, FrameEventsQueue + PoisonSuffix, TelemetryQueue + PoisonSuffix];
}
