using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.DevHost.Modules.Simulation;
using Yunbao.Edge.Modules.Sources;
using Yunbao.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>Which sources a module host hands its module: the device's by default, a simulation only when injected.</summary>
public sealed class ModuleSourcesTests
{
    private static readonly ModuleContext Context = new("dev-1", "PatrolCamera", "lize");

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Without_injection_the_host_reads_the_devices_folder_camera_by_default()
    {
        var logs = new ListLoggerProvider();

        var sources = ModuleHost.ResolveSources(Config(), LoggerFactory.Create(b => b.AddProvider(logs)), null, Context);

        Assert.IsType<ConfiguredSources>(sources);
        Assert.False(sources.IsSimulated);
        Assert.Equal(ConfiguredSources.DefaultFolder, Assert.IsType<FolderFrameSource>(sources.PatrolFrames).Folder);
        Assert.IsType<NoGnssPositionSource>(sources.PatrolPosition);
        Assert.IsType<UnconnectedSensorSource>(sources.EnvironmentalSensor("env-1", new GeoPoint(116.3, 39.8)));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("SIMULATED"));
        Assert.Contains(logs.Messages, m => m.Contains("reads the device's own sources (camera folder, gnss none, sensor unconnected)"));
    }

    [Fact]
    public void A_snapshot_url_configures_the_http_camera()
    {
        var sources = new ConfiguredSources(Config(("Sources:Kind", "http"), ("Sources:Url", "http://127.0.0.1:9/{view}.jpg")));

        Assert.Equal("http://127.0.0.1:9/{view}.jpg", Assert.IsType<HttpSnapshotFrameSource>(sources.FixedFrames).UrlTemplate);
        Assert.Contains("needs Sources:Url", Assert.Throws<InvalidOperationException>(() => new ConfiguredSources(Config(("Sources:Kind", "http"))).FixedFrames).Message);
    }

    [Fact]
    public void An_NMEA_receiver_path_configures_the_patrol_cars_GNSS()
    {
        using var gnss = Assert.IsType<NmeaPositionSource>(new ConfiguredSources(Config(("Sources:Gnss", "nmea"), ("Sources:GnssPath", "/dev/null"))).PatrolPosition);

        Assert.Equal("/dev/null", gnss.Path);
        Assert.Contains("needs Sources:GnssPath", Assert.Throws<InvalidOperationException>(() => new ConfiguredSources(Config(("Sources:Gnss", "nmea"))).PatrolPosition).Message);
    }

    [Theory]
    [InlineData("v4l2")]
    [InlineData("rtsp")]
    public void Camera_devices_and_streams_are_named_but_not_supported_in_this_build(string kind)
    {
        var e = Assert.Throws<NotSupportedException>(() => new ConfiguredSources(Config(("Sources:Kind", kind))).PatrolFrames);

        Assert.Contains("not supported in this build", e.Message);
    }

    [Fact]
    public void Simulated_sources_cannot_be_configured_only_injected()
    {
        var configured = Assert.Throws<InvalidOperationException>(() => ModuleHost.ResolveSources(Config(("Sources:Kind", "simulated")), LoggerFactory.Create(_ => { }), null, Context));
        var logs = new ListLoggerProvider();
        var simulation = SimulationSources.Standalone();

        var injected = ModuleHost.ResolveSources(Config(("Sources:Kind", "folder")), LoggerFactory.Create(b => b.AddProvider(logs)), _ => simulation, Context);

        Assert.Contains("Yunbao.DevHost", configured.Message);
        Assert.Same(simulation, injected);
        Assert.True(injected.IsSimulated);
        Assert.Contains(logs.Messages, m => m.Contains("SIMULATED sources") && m.Contains("dev-1"));
    }

    [Fact]
    public async Task Injected_simulated_frames_carry_the_simulated_label()
    {
        var simulation = SimulationSources.Standalone();
        var capture = SourcesTests.Capture() with { CapturedAt = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero) };

        var frame = await simulation.PatrolFrames.CaptureAsync(capture, default);

        Assert.Equal("true", frame.ExtraMetadata[FrameMetadataKeys.Simulated]);
        Assert.Equal(0xFF, frame.Jpeg.Span[0]);
    }

    [Fact]
    public void Every_module_in_the_deployment_manifest_is_configured_with_real_sources()
    {
        var manifest = EdgeDeploymentManifest.Load(StorageFixture.ManifestPath);
        Assert.Equal(3, manifest.Modules.Count);
        foreach (var module in manifest.Modules)
        {
            var settings = module.Env.Select(e => (e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)).ToArray();
            var sources = new ConfiguredSources(Config(settings));

            Assert.False(sources.IsSimulated);
            Assert.DoesNotContain(module.Env.Values, v => v.Equals("simulated", StringComparison.OrdinalIgnoreCase));
            object source = module.Name switch
            {
                "PatrolCamera" => (sources.PatrolFrames, sources.PatrolPosition),
                "FixedCamera" => sources.FixedFrames,
                "EnvSensor" => sources.EnvironmentalSensor(module.Name, new GeoPoint(116.308, 39.862)),
                _ => throw new Xunit.Sdk.XunitException($"unexpected module {module.Name}"),
            };
            Assert.NotNull(source);   // built from the manifest's env without an error
        }
    }
}
