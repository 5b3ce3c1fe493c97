namespace Yunbao.Edge.IotHub;

/// <summary>Bounds and durability of the on-disk outbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>Folder of the segment files; one folder per client identity.</summary>
    public string Directory { get; set; } = "outbox";

    /// <summary>Upper bound on disk; over it the oldest segment is dropped with a warning.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Messages older than this are dropped (with a warning) instead of sent.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Target size of one segment file (capped at a quarter of <see cref="MaxBytes"/>).</summary>
    public long SegmentBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// false (default): each append reaches the OS before SendEventAsync returns, so a process crash or restart
    /// loses nothing. true: also fsync each append, so a power cut loses nothing either (slower on SD cards).
    /// </summary>
    public bool FlushToDisk { get; set; }
}
