using System.Globalization;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.Modules;

// Frames come from the device (Sources__Kind / Sources__Folder / Sources__Url); the pole's surveyed position and
// viewing direction from the environment (Camera__Lon, Camera__Lat, Camera__HeadingDeg).
await ModuleHost.RunAsync(args, FixedCameraModule.DefaultModuleId, s => new FixedCameraModule(
    s.Client, s.CreateFrameUploader(), s.Context, s.Sources.FixedFrames,
    new FixedPositionSource(
        new GeoPoint(Read(s, "Camera:Lon", 116.3105), Read(s, "Camera:Lat", 39.8650)),
        Read(s, "Camera:HeadingDeg", 0)),
    logger: s.LoggerFactory.CreateLogger<FixedCameraModule>()));

static double Read(ModuleServices s, string key, double fallback) =>
    double.TryParse(s.Configuration[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
