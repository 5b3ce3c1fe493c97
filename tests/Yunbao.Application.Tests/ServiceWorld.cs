using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Detection;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Application.Detection;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Application.Tests;

/// <summary>The domain as a host wires it (AddYunbaoApplication), on in-memory ports and a fake clock.</summary>
internal sealed class ServiceWorld : IDisposable
{
    public readonly FakeTimeProvider Clock = new(Morning);
    public readonly InMemoryIncidentRepository Incidents = new();
    public readonly InMemoryWorkOrderRepository Orders = new();
    public readonly InMemoryOpsEventPublisher OpsEvents = new();
    public readonly InMemoryStewardRepository Stewards = new();
    public readonly InMemoryDeviceStateRepository Devices = new();
    public readonly InMemoryFrameStore Frames = new();
    public readonly ScriptedDetector Detector = new();
    private readonly ServiceProvider _provider;
    private int _sequence;

    public ServiceWorld(bool withDevices = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock); // before AddYunbaoApplication: the host's clock wins
        services.AddYunbaoApplication();
        services.AddSingleton<IIncidentRepository>(Incidents);
        services.AddSingleton<IWorkOrderRepository>(Orders);
        services.AddSingleton<IStewardRepository>(Stewards);
        if (withDevices) services.AddSingleton<IDeviceStateRepository>(Devices);
        services.AddSingleton<IFrameStore>(Frames);
        services.AddSingleton<IDetector>(Detector);
        services.AddSingleton<IOpsEventPublisher>(OpsEvents);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IServiceProvider Services => _provider;
    public FrameDetectionService FrameService => _provider.GetRequiredService<FrameDetectionService>();
    public WorkOrderTransitions Transitions => _provider.GetRequiredService<WorkOrderTransitions>();
    public IncidentIntake Intake => _provider.GetRequiredService<IncidentIntake>();
    public SlaSweep Sla => _provider.GetRequiredService<SlaSweep>();
    public StewardDispatch Dispatch => _provider.GetRequiredService<StewardDispatch>();
    public StewardService StewardService => _provider.GetRequiredService<StewardService>();
    public TelemetryIngestionService Telemetry => _provider.GetRequiredService<TelemetryIngestionService>();

    /// <summary>The patrol car on 骆驼湾街 heading east, 2 m north of the centreline; its right view looks south across the road.</summary>
    public static GeoPoint CarPosition => Luotuowan(400, 2);
    /// <summary>A spot in the south half of the carriageway, 7 m to the car's right.</summary>
    public static GeoPoint RightOfCar => Luotuowan(400, -5);

    /// <summary>Stores a frame captured now by the patrol car and scripts what the detector sees in it.</summary>
    public string Frame(params DetectedObject[] objects) => FrameBy("patrol-01", objects);

    public string FrameBy(string device, params DetectedObject[] objects)
    {
        var blob = $"{device}/2026/11/25/{++_sequence:000000}-right.jpg";
        Frames.Add(Capture(blob, Clock.GetUtcNow(), CarPosition, "right", device));
        Detector.Show(blob, objects);
        return blob;
    }

    public static DetectedObject Manhole(GeoPoint? at = null) => Seen("manhole", at ?? RightOfCar);

    public async Task<Steward> AddStewardAsync(string id, double metersEast, int capacity = 3, bool available = true)
    {
        var s = new Steward
        {
            Id = id, DistrictId = "lize", Name = id, Capacity = capacity, Available = available,
            Location = Net.Projection.Offset(RightOfCar, 90, metersEast),
        };
        await StewardService.EnsureStewardsAsync([s], CancellationToken.None);
        return (await Stewards.GetAsync("lize", id, CancellationToken.None))!;
    }

    /// <summary>The steward's phone reports where they are now (keeps them fresh for dispatch after the clock moved on).</summary>
    public async Task StewardReportsAsync(string id) =>
        await StewardService.HeartbeatAsync("lize", id, (await StewardAsync(id))!.Location, null, CancellationToken.None);

    public Task<WorkOrder?> OrderAsync(string id) => Orders.GetAsync("lize", id, CancellationToken.None);
    public Task<Steward?> StewardAsync(string id) => Stewards.GetAsync("lize", id, CancellationToken.None);

    /// <summary>A transition that must succeed: the order as it is afterwards.</summary>
    public async Task<WorkOrder> TransitionAsync(string orderId, WorkOrderAction action, Actor by, string? stewardId = null, string? note = null) =>
        await TryTransitionAsync(orderId, action, by, stewardId, note) is TransitionOutcome.Ok ok
            ? ok.Order
            : throw new Xunit.Sdk.XunitException($"{action} of {orderId} by {by.Id} was refused: {await TryTransitionAsync(orderId, action, by, stewardId, note)}");

    /// <summary>A transition with the ETag last read, as a caller who just read the order sends it.</summary>
    public async Task<TransitionOutcome> TryTransitionAsync(string orderId, WorkOrderAction action, Actor by, string? stewardId = null, string? note = null)
    {
        var current = await OrderAsync(orderId);
        return await Transitions.TransitionAsync(new WorkOrderTransition
        {
            DistrictId = "lize", WorkOrderId = orderId, Action = action, By = by, IfMatch = current?.ETag, StewardId = stewardId, Note = note,
            Evidence = action == WorkOrderAction.Resolve ? [$"evidence/{orderId}.jpg"] : [],
        }, CancellationToken.None);
    }

    /// <summary>Takes an order through accept, start and resolve by its steward.</summary>
    public async Task ResolveAsync(string orderId)
    {
        var stewardId = (await OrderAsync(orderId))!.AssignedStewardId!;
        var steward = Actor.Steward(stewardId);
        await TransitionAsync(orderId, WorkOrderAction.Accept, steward);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await TransitionAsync(orderId, WorkOrderAction.Start, steward);
        Clock.Advance(TimeSpan.FromMinutes(10));
        await TransitionAsync(orderId, WorkOrderAction.Resolve, steward, note: "cover replaced");
    }

    public void Dispose() => _provider.Dispose();
}
