using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Edge.Modules;
using Yunbao.Edge.Simulator;
using Yunbao.Edge.Simulator.Devices;
using Yunbao.Edge.Simulator.Imaging;
using Yunbao.Edge.Simulator.World;
using IFrameSource = Yunbao.Edge.Modules.IFrameSource;
using ISensorSource = Yunbao.Edge.Modules.ISensorSource;

namespace Yunbao.DevHost.Modules.Simulation;

/// <summary>
/// SIMULATED sources for the modules, over the simulator's world model, patrol car and renderer. With
/// <c>driveClock</c> the readers move the world to the time they read (a module process on its own); without it
/// someone else steps the world (the DevHost's FleetSimulator) and the readers only look. Modules see them only when a
/// host injects them (ModuleFleet specs, or ModuleHost.RunAsync's sources): no production module references the simulator.
/// </summary>
public sealed class SimulationSources : IModuleSources
{
    private readonly object _gate = new();
    private readonly bool _driveClock;

    public SimulationSources(SimulatorOptions options, WorldModel world, PatrolVehicle patrol, bool driveClock)
    {
        (Options, World, Patrol, _driveClock) = (options, world, patrol, driveClock);
        var patrolRenderer = new SyntheticFrameRenderer(options.JpegQuality, world.Zone, options.PatrolCameraHeightMeters);
        var fixedRenderer = new SyntheticFrameRenderer(options.JpegQuality, world.Zone, options.FixedCameraHeightMeters);
        PatrolFrames = new ClockedFrames(this, new SimulatedFrameSource(world, patrolRenderer,
            new CameraMount(options.PatrolCameraHeightMeters, options.CameraHorizontalFovDeg, options.CameraRangeMeters)));
        FixedFrames = new ClockedFrames(this, new SimulatedFrameSource(world, fixedRenderer,
            new CameraMount(options.FixedCameraHeightMeters, options.CameraHorizontalFovDeg, options.FixedCameraRangeMeters)));
        PatrolPosition = new ClockedPosition(this, new SimulatedPosition(patrol));
    }

    /// <summary>A simulated Lize of its own, moved along by the time the module reads at.</summary>
    public static SimulationSources Standalone(SimulatorOptions? options = null)
    {
        options ??= new SimulatorOptions();
        var district = SimulatedDistrict.Lize();
        return new SimulationSources(options, new WorldModel(options, district, CategoryCatalog.Default), new PatrolVehicle(options, district), driveClock: true);
    }

    public string Kind => "simulated";
    public bool IsSimulated => true;
    public SimulatorOptions Options { get; }
    public WorldModel World { get; }
    public PatrolVehicle Patrol { get; }
    public IFrameSource PatrolFrames { get; }
    public IFrameSource FixedFrames { get; }
    public IPositionSource PatrolPosition { get; }

    public ISensorSource EnvironmentalSensor(string deviceId, GeoPoint position) => EnvironmentalSensor(deviceId, position, besideConstruction: false);

    public ISensorSource EnvironmentalSensor(string deviceId, GeoPoint position, bool besideConstruction) =>
        new ClockedSensor(this, new SimulatedSensor(new SimulatedEnvironmentalSensor(deviceId, position, besideConstruction, Options.Seed, World)));

    private void MoveTo(DateTimeOffset at)
    {
        if (!_driveClock) return;
        lock (_gate)
        {
            if (World.Now >= at) return;
            World.AdvanceTo(at);
            Patrol.AdvanceTo(at);
        }
    }

    private sealed class ClockedFrames(SimulationSources owner, Yunbao.Edge.Simulator.Imaging.ISimulatedCamera inner) : IFrameSource
    {
        private readonly SimulatedFrames _frames = new(inner);
        public Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
        {
            owner.MoveTo(capture.CapturedAt);
            return _frames.CaptureAsync(capture, cancellationToken);
        }
    }

    private sealed class ClockedPosition(SimulationSources owner, IPositionSource inner) : IPositionSource
    {
        public PositionFix Read(DateTimeOffset at) { owner.MoveTo(at); return inner.Read(at); }
    }

    private sealed class ClockedSensor(SimulationSources owner, ISensorSource inner) : ISensorSource
    {
        public GeoPoint Position => inner.Position;
        public IReadOnlyDictionary<string, double> Read(DateTimeOffset at) { owner.MoveTo(at); return inner.Read(at); }
    }
}
