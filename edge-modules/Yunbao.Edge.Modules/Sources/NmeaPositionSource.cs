using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// A GNSS receiver that writes NMEA 0183 sentences: a USB/serial receiver's device node (e.g. /dev/ttyACM0, line
/// settings set by the OS or `stty`) or a file another program appends to. A background reader keeps the latest valid
/// RMC fix (any talker: $GPRMC, $GNRMC, ...); a fix older than <c>maxAge</c> counts as none, so a receiver that went
/// quiet stops the camera instead of tagging frames with a stale place.
/// </summary>
public sealed class NmeaPositionSource : IPositionSource, IDisposable
{
    private const double KmhPerKnot = 1.852;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private (PositionFix Fix, DateTimeOffset ReadAt)? _latest;

    public NmeaPositionSource(string path, TimeProvider? time = null, TimeSpan? maxAge = null, ILogger<NmeaPositionSource>? logger = null)
    {
        (Path, _time, _maxAge, _logger) = (path, time ?? TimeProvider.System, maxAge ?? TimeSpan.FromSeconds(10), logger ?? (ILogger)NullLogger.Instance);
        _ = Task.Run(() => ReadLoopAsync(_stop.Token));
    }

    public string Path { get; }

    public PositionFix Read(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_latest is { } latest && _time.GetUtcNow() - latest.ReadAt <= _maxAge) return latest.Fix with { At = at };
        }
        throw new PositionUnavailableException($"No GNSS fix from {Path} in the last {_maxAge.TotalSeconds:0} s.");
    }

    /// <summary>Parses one RMC sentence with a valid checksum and status A (active); anything else is not a fix.</summary>
    public static bool TryParseRmc(string sentence, out PositionFix fix)
    {
        fix = default;
        var star = sentence.LastIndexOf('*');
        if (!sentence.StartsWith('$') || star < 0 || star + 3 > sentence.Length) return false;
        var body = sentence[1..star];
        byte checksum = 0;
        foreach (var c in body) checksum ^= (byte)c;
        if (!byte.TryParse(sentence.AsSpan(star + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var expected) || expected != checksum) return false;

        var f = body.Split(',');
        if (f.Length < 10 || f[0].Length != 5 || !f[0].EndsWith("RMC", StringComparison.Ordinal) || f[2] != "A") return false;
        if (!TryDegrees(f[3], f[4], 2, "N", "S", out var lat) || !TryDegrees(f[5], f[6], 3, "E", "W", out var lon)) return false;
        if (!TryTime(f[1], f[9], out var at)) return false;
        var knots = double.TryParse(f[7], NumberStyles.Float, CultureInfo.InvariantCulture, out var k) ? k : 0;
        var course = double.TryParse(f[8], NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : 0;
        fix = new PositionFix(at, new GeoPoint(lon, lat), course, knots * KmhPerKnot);
        return true;
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                while (!cancellationToken.IsCancellationRequested)
                {
                    var line = await reader.ReadLineAsync(cancellationToken);
                    if (line is null) { await Task.Delay(200, cancellationToken); continue; }   // a file: wait for more
                    if (TryParseRmc(line.Trim(), out var fix)) lock (_gate) _latest = (fix, _time.GetUtcNow());
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("GNSS {gnssPath} unreadable: {reason}; retrying", Path, e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private static bool TryDegrees(string value, string hemisphere, int degreeDigits, string positive, string negative, out double degrees)
    {
        degrees = 0;
        if (value.Length <= degreeDigits || (hemisphere != positive && hemisphere != negative)) return false;
        if (!int.TryParse(value.AsSpan(0, degreeDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var whole) ||
            !double.TryParse(value.AsSpan(degreeDigits), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes >= 60) return false;
        degrees = (whole + minutes / 60) * (hemisphere == negative ? -1 : 1);
        return degrees is >= -180 and <= 180;
    }

    private static bool TryTime(string hhmmss, string ddmmyy, out DateTimeOffset at)
    {
        at = default;
        if (hhmmss.Length < 6 || ddmmyy.Length != 6) return false;
        if (!DateTime.TryParseExact(ddmmyy + hhmmss[..6], "ddMMyyHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)) return false;
        var fraction = hhmmss.Length > 7 && double.TryParse("0" + hhmmss[6..], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;
        at = new DateTimeOffset(t, TimeSpan.Zero).AddSeconds(fraction);
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
