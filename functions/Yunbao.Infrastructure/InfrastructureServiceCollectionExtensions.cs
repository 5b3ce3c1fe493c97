using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Storage;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Application.Ports;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.Infrastructure.Detection;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Infrastructure.Storage;

namespace Yunbao.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    public const string LocalModeKey = "LocalMode";
    public const string StorageSection = "Storage";

    /// <summary>
    /// Registers the adapters: Azure SDK clients (Blob, Queue through Microsoft.Extensions.Azure; Cosmos), the
    /// repositories and stores behind the domain's ports, the poison queue, provisioners, and the detector chosen by
    /// Detector:Provider. Configuration names are the shared ones (local.settings.sample.json): `Storage`, `Cosmos__*`, `Detector__Provider`,
    /// `Vision__*`, `SimulationDetector__*`, `LocalMode`.
    /// </summary>
    public static IServiceCollection AddYunbaoInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var localMode = configuration.GetValue<bool>(LocalModeKey);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.Section));
        services.AddOptions<DetectorOptions>().Bind(configuration.GetSection(DetectorOptions.Section));
        services.AddOptions<VisionOptions>().Bind(configuration.GetSection(VisionOptions.Section));
        services.AddOptions<SimulationDetectorOptions>().Bind(configuration.GetSection(SimulationDetectorOptions.Section));
        services.AddOptions<DependencyTimeoutOptions>().Bind(configuration.GetSection(DependencyTimeoutOptions.Section));
        var timeouts = configuration.GetSection(DependencyTimeoutOptions.Section).Get<DependencyTimeoutOptions>() ?? new DependencyTimeoutOptions();

        AddStorage(services, configuration.GetSection(StorageSection), localMode, timeouts);
        AddCosmos(services);
        AddDetector(services, configuration, localMode);
        AddOpsEvents(services, configuration.GetSection(OpsEventsOptions.Section), localMode);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthContributor, Health.CosmosHealthContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthContributor, Health.StorageHealthContributor>());
        return services;
    }

    private static void AddStorage(IServiceCollection services, IConfigurationSection storage, bool localMode, DependencyTimeoutOptions timeouts)
    {
        var connectionString = storage.Value;
        var blobUri = storage["blobServiceUri"];
        var queueUri = storage["queueServiceUri"];

        if (!string.IsNullOrWhiteSpace(connectionString) || (!string.IsNullOrWhiteSpace(blobUri) && !string.IsNullOrWhiteSpace(queueUri)))
        {
            services.AddAzureClients(b =>
            {
                // A plain value is a connection string (Azurite locally). The Functions-style identity settings use
                // blobServiceUri/queueServiceUri, which the clients' own constructors do not name, so map them here.
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    b.AddBlobServiceClient(connectionString);
                    b.AddQueueServiceClient(connectionString);
                }
                else
                {
                    b.AddBlobServiceClient(new Uri(blobUri!));
                    b.AddQueueServiceClient(new Uri(queueUri!));
                }
                // Without an explicit credential the builder constructs DefaultAzureCredential for every client, even
                // connection-string ones; locally that must never happen (it probes the metadata address).
                b.UseCredential(localMode || !string.IsNullOrWhiteSpace(connectionString)
                    ? new NoTokenCredential()
                    : ManagedIdentity(storage["clientId"]));
                // Every storage call is bounded: a stalled Azurite (its blob GC) or account must not hang a request.
                b.ConfigureDefaults(o =>
                {
                    o.Retry.NetworkTimeout = timeouts.StorageNetworkTimeout;
                    o.Retry.MaxRetries = timeouts.StorageMaxRetries;
                    o.Retry.Delay = timeouts.StorageRetryDelay;
                    o.Retry.MaxDelay = TimeSpan.FromSeconds(2);
                });
            });
        }
        else
        {
            const string message = "Storage is not configured: set `Storage` to a connection string locally, or " +
                                   "`Storage__blobServiceUri` and `Storage__queueServiceUri` (with `Storage__credential=managedidentity`) in Azure.";
            services.TryAddSingleton<BlobServiceClient>(_ => throw new InvalidOperationException(message));
            services.TryAddSingleton<QueueServiceClient>(_ => throw new InvalidOperationException(message));
        }

        services.TryAddSingleton(sp => new BlobFrameStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.FramesContainer),
            sp.GetRequiredService<ILogger<BlobFrameStore>>()));
        services.TryAddSingleton<IFrameStore>(sp => sp.GetRequiredService<BlobFrameStore>());
        services.TryAddSingleton<IHeatmapStore>(sp => new BlobHeatmapStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.HeatmapsContainer)));
        services.TryAddSingleton<IEvidenceStore>(sp => new BlobEvidenceStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.EvidenceContainer)));
        services.TryAddSingleton<IReportStore>(sp => new BlobReportStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.ReportsContainer)));
        services.TryAddSingleton<ICitizenPhotoStore>(sp => new BlobCitizenPhotoStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.EvidenceContainer)));
        services.TryAddSingleton<PoisonQueue>();
        services.TryAddSingleton<StorageProvisioner>();
    }

    private static void AddCosmos(IServiceCollection services)
    {
        services.TryAddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value,
            sp.GetRequiredService<IOptions<DependencyTimeoutOptions>>().Value.CosmosRequestTimeout));
        services.TryAddSingleton<CosmosProvisioner>();

        Container ContainerOf(IServiceProvider sp, string name) =>
            sp.GetRequiredService<CosmosClient>().GetContainer(sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName, name);

        services.TryAddSingleton<IIncidentRepository>(sp => new CosmosIncidentRepository(ContainerOf(sp, CosmosNames.Incidents)));
        services.TryAddSingleton<IWorkOrderRepository>(sp => new CosmosWorkOrderRepository(ContainerOf(sp, CosmosNames.WorkOrders)));
        services.TryAddSingleton<IStewardRepository>(sp => new CosmosStewardRepository(ContainerOf(sp, CosmosNames.Stewards)));
        services.TryAddSingleton<IDeviceStateRepository>(sp => new CosmosDeviceStateRepository(ContainerOf(sp, CosmosNames.Devices)));
    }

    private static void AddDetector(IServiceCollection services, IConfiguration configuration, bool localMode)
    {
        var provider = configuration.GetSection(DetectorOptions.Section)[nameof(DetectorOptions.Provider)] ?? DetectorOptions.Simulation;
        switch (provider.Trim().ToLowerInvariant())
        {
            case DetectorOptions.Simulation:
                services.TryAddSingleton<SimulationDetector>();
                services.TryAddSingleton<IDetector>(sp => sp.GetRequiredService<SimulationDetector>());
                break;

            case DetectorOptions.AzureVision:
                var vision = configuration.GetSection(VisionOptions.Section);
                services.TryAddSingleton<IVisionCredential>(_ =>
                {
                    var key = vision[nameof(VisionOptions.Key)];
                    if (!string.IsNullOrWhiteSpace(key)) return new VisionKeyCredential(key);
                    if (localMode) throw new InvalidOperationException("Vision__Key is required for Detector__Provider=azure-vision in local mode.");
                    return new VisionTokenCredential(ManagedIdentity(vision[nameof(VisionOptions.ManagedIdentityClientId)]));
                });
                // Typed client: IHttpClientFactory owns the handlers; the detector is resolved per use.
                services.AddHttpClient<AzureVisionDetector>();
                services.TryAddTransient<IDetector>(sp => sp.GetRequiredService<AzureVisionDetector>());
                break;

            default:
                throw new InvalidOperationException($"Detector__Provider '{provider}' is unknown; use '{DetectorOptions.Simulation}' or '{DetectorOptions.AzureVision}'.");
        }
    }

    /// <summary>The ops-events producer through Microsoft.Extensions.Azure: a connection string locally, the managed identity in Azure.</summary>
    private static void AddOpsEvents(IServiceCollection services, IConfigurationSection section, bool localMode)
    {
        services.AddOptions<OpsEventsOptions>().Bind(section);
        var options = new OpsEventsOptions
        {
            ConnectionString = section[nameof(OpsEventsOptions.ConnectionString)],
            FullyQualifiedNamespace = section[nameof(OpsEventsOptions.FullyQualifiedNamespace)],
            OpsEventsHubName = section[nameof(OpsEventsOptions.OpsEventsHubName)] is { Length: > 0 } hub ? hub : "ops-events",
            ClientId = section[nameof(OpsEventsOptions.ClientId)],
        };
        if (!options.IsConfigured)
        {
            services.TryAddSingleton<IOpsEventPublisher, UnconfiguredOpsEventPublisher>();
            return;
        }
        services.AddAzureClients(b =>
        {
            if (!string.IsNullOrWhiteSpace(options.ConnectionString))
                b.AddEventHubProducerClient(options.ConnectionString, options.OpsEventsHubName).WithCredential(new NoTokenCredential());
            else
                b.AddEventHubProducerClientWithNamespace(options.FullyQualifiedNamespace!, options.OpsEventsHubName)
                    .WithCredential(localMode ? new NoTokenCredential() : ManagedIdentity(options.ClientId));
        });
        services.TryAddSingleton<IOpsEventPublisher>(sp => new EventHubOpsEventPublisher(sp.GetRequiredService<Azure.Messaging.EventHubs.Producer.EventHubProducerClient>()));
    }

    private static ManagedIdentityCredential ManagedIdentity(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    /// <summary>The credential of clients that authenticate with a connection string: asking it for a token is a bug.</summary>
    private sealed class NoTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Local mode uses connection strings and keys; no token credential is configured.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Local mode uses connection strings and keys; no token credential is configured.");
    }
}
