using System.Globalization;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.Modules;

// Readings come from the device (Sources__Sensor); the station's position from the environment (Sensor__Lon, Sensor__Lat).
await ModuleHost.RunAsync(args, EnvSensorModule.DefaultModuleId, s => new EnvSensorModule(
    s.Client, s.Context,
    s.Sources.EnvironmentalSensor(s.Context.DeviceId, new GeoPoint(Read(s, "Sensor:Lon", 116.3080), Read(s, "Sensor:Lat", 39.8620))),
    logger: s.LoggerFactory.CreateLogger<EnvSensorModule>()));

static double Read(ModuleServices s, string key, double fallback) =>
    double.TryParse(s.Configuration[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
