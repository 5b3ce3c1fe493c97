using System.Globalization;
using Yunbao.Contracts.Geo;

namespace Yunbao.Contracts.Frames;

/// <summary>
/// FrameCapture ⇄ blob metadata (keys in <see cref="FrameMetadataKeys"/>). Blob metadata is ASCII: numbers are
/// invariant culture, times ISO 8601 UTC. One codec for the writer (simulator, devices) and the reader (functions).
/// </summary>
public static class FrameMetadataCodec
{
    public static Dictionary<string, string> ToMetadata(FrameCapture c)
    {
        var m = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [FrameMetadataKeys.DeviceId] = c.DeviceId,
            [FrameMetadataKeys.DistrictId] = c.DistrictId,
            [FrameMetadataKeys.CapturedAt] = c.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Lon] = c.Position.Lon.ToString("R", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Lat] = c.Position.Lat.ToString("R", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Heading] = c.HeadingDeg.ToString("R", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Speed] = c.SpeedKmh.ToString("R", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.View] = c.View,
            [FrameMetadataKeys.Source] = c.Source.ToString(),
            [FrameMetadataKeys.Width] = c.ImageWidth.ToString(CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Height] = c.ImageHeight.ToString(CultureInfo.InvariantCulture),
        };
        return m;
    }

    /// <summary>Reads the capture context; throws <see cref="ContractFormatException"/> naming the key that is missing or unreadable.</summary>
    public static FrameCapture Parse(string blobName, IReadOnlyDictionary<string, string> metadata)
    {
        var m = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);

        string Required(string key) =>
            m.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim()
                : throw Bad(blobName, key, null, "is missing");

        double Number(string key, bool required)
        {
            if (!m.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v))
                return required ? throw Bad(blobName, key, null, "is missing") : 0;
            return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d : throw Bad(blobName, key, v, "is not a number");
        }

        int Integer(string key)
        {
            if (!m.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v)) return 0;
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
                ? i : throw Bad(blobName, key, v, "is not a non-negative integer");
        }

        var capturedText = Required(FrameMetadataKeys.CapturedAt);
        if (!DateTimeOffset.TryParse(capturedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var capturedAt))
            throw Bad(blobName, FrameMetadataKeys.CapturedAt, capturedText, "is not an ISO 8601 time");

        var lon = Number(FrameMetadataKeys.Lon, required: true);
        var lat = Number(FrameMetadataKeys.Lat, required: true);
        if (lon is < -180 or > 180) throw Bad(blobName, FrameMetadataKeys.Lon, m[FrameMetadataKeys.Lon], "is outside -180..180");
        if (lat is < -90 or > 90) throw Bad(blobName, FrameMetadataKeys.Lat, m[FrameMetadataKeys.Lat], "is outside -90..90");

        var source = EventSource.PatrolVehicle;
        if (m.TryGetValue(FrameMetadataKeys.Source, out var sourceText) && !string.IsNullOrWhiteSpace(sourceText) &&
            (!Enum.TryParse(sourceText, ignoreCase: true, out source) || !Enum.IsDefined(source)))
            throw Bad(blobName, FrameMetadataKeys.Source, sourceText, $"is not one of {string.Join(", ", Enum.GetNames<EventSource>())}");

        return new FrameCapture
        {
            BlobName = blobName,
            DeviceId = Required(FrameMetadataKeys.DeviceId),
            DistrictId = Required(FrameMetadataKeys.DistrictId),
            CapturedAt = capturedAt,
            Position = new GeoPoint(lon, lat),
            HeadingDeg = Number(FrameMetadataKeys.Heading, required: false),
            SpeedKmh = Number(FrameMetadataKeys.Speed, required: false),
            View = m.TryGetValue(FrameMetadataKeys.View, out var view) && !string.IsNullOrWhiteSpace(view) ? view : "front",
            Source = source,
            ImageWidth = Integer(FrameMetadataKeys.Width),
            ImageHeight = Integer(FrameMetadataKeys.Height),
        };
    }

    private static ContractFormatException Bad(string blobName, string key, string? value, string problem) =>
        new(value is null
            ? $"Frame '{blobName}': metadata '{key}' {problem}."
            : $"Frame '{blobName}': metadata '{key}' = '{value}' {problem}.");
}
