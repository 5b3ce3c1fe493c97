using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// A watched folder of JPEG snapshots that the camera's own software writes (many IP and USB cameras can, e.g. through
/// ffmpeg or the vendor's FTP/SMB export). Each capture takes the newest *.jpg / *.jpeg: from the subfolder named after the
/// view when there is one ("front", "rear", ... for the 360° camera), else from the folder itself. A picture is sent once:
/// when nothing newer has arrived since the last capture there is no frame (<see cref="FrameUnavailableException"/>).
/// </summary>
public sealed class FolderFrameSource(string folder, ILogger<FolderFrameSource>? logger = null) : IFrameSource
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly Dictionary<string, (string Path, DateTime WrittenAt)> _lastSent = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    public async Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        var viewFolder = Path.Combine(Folder, capture.View);
        var directory = new DirectoryInfo(Directory.Exists(viewFolder) ? viewFolder : Folder);
        if (!directory.Exists) throw new FrameUnavailableException($"Frame folder '{directory.FullName}' does not exist.");

        var newest = directory.EnumerateFiles()
            .Where(f => f.Extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase) || f.Extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
            .MaxBy(f => f.LastWriteTimeUtc)
            ?? throw new FrameUnavailableException($"No JPEG in frame folder '{directory.FullName}'.");

        lock (_lastSent)
        {
            if (_lastSent.TryGetValue(directory.FullName, out var last) && last.Path == newest.FullName && last.WrittenAt == newest.LastWriteTimeUtc)
                throw new FrameUnavailableException($"No new JPEG in '{directory.FullName}' since {newest.Name} was sent.");
        }

        byte[] jpeg;
        try { jpeg = await File.ReadAllBytesAsync(newest.FullName, cancellationToken); }
        catch (IOException e) { throw new FrameUnavailableException($"Could not read '{newest.FullName}': {e.Message}", e); }   // still being written
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new FrameUnavailableException($"'{newest.FullName}' is not a JPEG (no SOI marker).");

        lock (_lastSent) _lastSent[directory.FullName] = (newest.FullName, newest.LastWriteTimeUtc);
        _logger.LogDebug("Frame {frameId} from file {file}", capture.BlobName, newest.FullName);
        return new FrameImage(jpeg, new Dictionary<string, string>());
    }
}
