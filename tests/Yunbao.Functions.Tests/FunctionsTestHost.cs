using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Simulation;
using Yunbao.Application.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Infrastructure;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// The Functions app's service provider, built by the same AddYunbaoFunctions call as Program.cs, from the settings
/// in local.settings.sample.json re-pointed at the test's Azurite and Cosmos stand-in (own database per host).
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);   // 10:00 in Beijing
    /// <summary>Where the tests' orders and stewards are: inside the district (Lize).</summary>
    public static readonly GeoPoint Spot = new(116.3071, 39.8633);
    /// <summary>The tests' dispatcher, signed in as Easy Auth would say.</summary>
    public static readonly Dictionary<string, string> Dispatcher = HttpCall.As("dispatcher-1", Roles.Dispatcher);

    private FunctionsTestHost(ServiceProvider services, FakeTimeProvider clock, LocalStackFixture fixture, string database)
    {
        Services = services;
        Clock = clock;
        Fixture = fixture;
        DatabaseName = database;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public LocalStackFixture Fixture { get; }
    public string DatabaseName { get; }
    public QueueServiceClient Queues => new(Fixture.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <param name="settings">Extra settings (":"-separated keys) on top of the sample's.</param>
    /// <param name="logs">Receives every log line from Debug up (tests that check what is logged).</param>
    public static async Task<FunctionsTestHost> StartAsync(LocalStackFixture fixture, bool localMode = true, bool platformAuth = true,
        IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        // cosmosdb-server numbers databases in order, and some numbers (the 63rd, 127th, …) base64-encode to a resource id
        // with '/' or '+', which its own routes then cannot find ("stale cache" 404s on queries). A host that drew one
        // moves on to a fresh database, so how many tests ran before does not decide whether a test passes.
        for (var attempt = 0; ; attempt++)
        {
            var host = await StartOnceAsync(fixture, localMode, platformAuth, settings, logs);
            if (attempt >= 3 || await host.HasRoutableResourceIdsAsync()) return host;
            await host.DisposeAsync();
        }
    }

    private async Task<bool> HasRoutableResourceIdsAsync()
    {
        var client = Services.GetRequiredService<Microsoft.Azure.Cosmos.CosmosClient>();
        foreach (var name in Yunbao.Infrastructure.Cosmos.CosmosNames.Containers)
        {
            var properties = (await client.GetContainer(DatabaseName, name).ReadContainerAsync()).Resource;
            if (properties.SelfLink.Split('/', StringSplitOptions.RemoveEmptyEntries).Length != 4 || properties.SelfLink.Contains('+', StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static async Task<FunctionsTestHost> StartOnceAsync(LocalStackFixture fixture, bool localMode, bool platformAuth,
        IReadOnlyDictionary<string, string?>? settings, ILoggerProvider? logs)
    {
        var database = UniqueNames.Next("fn");
        var values = SampleSettings.Values().ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        values["AzureWebJobsStorage"] = values["Storage"] = fixture.StorageConnectionString;
        values["Cosmos:connectionString"] = fixture.CosmosConnectionString;
        values["Cosmos:databaseName"] = database;
        values["LocalMode"] = localMode ? "true" : "false";
        // As in Azure with App Service Authentication on (the platform sets it): only then is X-MS-CLIENT-PRINCIPAL read outside LocalMode.
        if (!localMode && platformAuth) values["WEBSITE_AUTH_ENABLED"] = "True";
        // A detector that sees exactly the ground truth keeps the assertions exact; it is still the simulation provider.
        values["SimulationDetector:Recall"] = "1";
        values["SimulationDetector:FalsePositiveRate"] = "0";
        values["SimulationDetector:ConfidenceNoise"] = "0";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Debug);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddYunbaoFunctions(configuration);
        var clock = new FakeTimeProvider(Now);
        services.AddSingleton<TimeProvider>(clock);
        var provider = services.BuildServiceProvider();

        await provider.EnsureYunbaoResourcesAsync(CancellationToken.None);
        return new FunctionsTestHost(provider, clock, fixture, database);
    }

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>
    /// Writes a frame as the patrol car's upload does (image + capture metadata + simulated ground truth) and returns the
    /// queue message Event Grid would deliver for it: Base64 Event Grid JSON, as it sits in the `frame-events` queue.
    /// </summary>
    public async Task<string> UploadFrameAsync(GeoPoint at, DateTimeOffset capturedAt, params (string Label, string Category)[] truths)
    {
        var blobName = $"patrol-test/{UniqueNames.Next("frame")}-front.jpg";
        var truth = truths.Select(t => new GroundTruthObject(t.Label, t.Category, new PixelBox(400, 300, 120, 90), at.Lon, at.Lat)).ToList();
        var metadata = new Dictionary<string, string>
        {
            [FrameMetadataKeys.DeviceId] = "patrol-test",
            [FrameMetadataKeys.DistrictId] = "lize",
            [FrameMetadataKeys.CapturedAt] = capturedAt.UtcDateTime.ToString("O"),
            [FrameMetadataKeys.Lon] = at.Lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Lat] = at.Lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Heading] = "90",
            [FrameMetadataKeys.Speed] = "25",
            [FrameMetadataKeys.View] = "front",
            [FrameMetadataKeys.Source] = nameof(EventSource.PatrolVehicle),
            [FrameMetadataKeys.Width] = "1280",
            [FrameMetadataKeys.Height] = "720",
            [FrameMetadataKeys.Simulated] = "true",
            [FrameMetadataKeys.GroundTruth] = GroundTruthCodec.Encode(truth),
        };
        var blob = Fixture.Blobs.GetBlobContainerClient("frames").GetBlobClient(blobName);
        var image = Encoding.ASCII.GetBytes("simulated frame (not a real image)");
        var uploaded = await blob.UploadAsync(new BinaryData(image), new BlobUploadOptions
        {
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
        });
        return EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = Fixture.StandIns.BlobEndpoint,
            Container = "frames",
            BlobName = blobName,
            ContentType = "image/jpeg",
            ContentLength = image.Length,
            ETag = uploaded.Value.ETag.ToString(),
            EventTime = capturedAt,
        });
    }

    /// <summary>Opens a work order the way the pipeline does (a frame with a garbage overflow at <paramref name="at"/>) and returns its id.</summary>
    public async Task<string> OpenOrderAsync(GeoPoint? at = null)
    {
        var before = (await DetectFrameTests.CountsAsync(this)).Orders.Select(o => o.Id).ToHashSet();
        var message = await UploadFrameAsync(at ?? Spot, Now.AddMinutes(-1), ("bin", "garbage-overflow"));
        await Function<DetectFrame>().Run(AsRuntimeDelivers(message), CancellationToken.None);
        return (await DetectFrameTests.CountsAsync(this)).Orders.Single(o => !before.Contains(o.Id)).Id;
    }

    /// <summary>A registered steward at <see cref="Spot"/> whose sign-in is <see cref="HttpCall.As"/>(<paramref name="id"/>, …).</summary>
    public async Task SeedStewardAsync(string id) =>
        await Services.GetRequiredService<IStewardRepository>().TryCreateAsync(
            new Steward { Id = id, DistrictId = "lize", Name = id, Location = Spot, LastSeenAt = Now, UserObjectId = HttpCall.ObjectIdOf(id) }, CancellationToken.None);

    /// <summary>The order's current ETag header, as GET answers it to the dispatcher.</summary>
    public async Task<string> ETagAsync(string id)
    {
        var req = HttpCall.Request(Services, "GET", $"/api/workorders/{id}", headers: Dispatcher);
        return (await HttpCall.ExecuteAsync(req, Function<WorkOrdersApi>().Get(req, id, CancellationToken.None))).Headers.ETag.ToString();
    }

    /// <summary>POST workorders/{id}/transitions as <paramref name="principal"/>, with If-Match when given.</summary>
    public async Task<HttpAnswer> TransitionAsync(string id, object body, Dictionary<string, string> principal, string? ifMatch)
    {
        var headers = new Dictionary<string, string>(principal);
        if (ifMatch is not null) headers["If-Match"] = ifMatch;
        var req = HttpCall.Request(Services, "POST", $"/api/workorders/{id}/transitions", body, headers);
        return await HttpCall.ExecuteAsync(req, Function<WorkOrdersApi>().Transition(req, id, CancellationToken.None));
    }

    /// <summary>What the Functions runtime does with a Base64 queue message before the function sees it (host.json messageEncoding).</summary>
    public static string AsRuntimeDelivers(string base64Message) => Encoding.UTF8.GetString(Convert.FromBase64String(base64Message));

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
