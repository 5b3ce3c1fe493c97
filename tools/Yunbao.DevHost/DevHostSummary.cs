using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.DevHost;

public sealed record DevHostSummary(
    DateTimeOffset SimulatedFrom, DateTimeOffset SimulatedTo, long Frames, long TelemetryMessages, int Incidents, int Orders,
    IReadOnlyDictionary<WorkOrderStatus, int> OrdersByState, int DeduplicatedOrders, int StewardsBusy, int Stewards,
    int TilesRendered, int HeatmapBlobs, int PoisonMessages, string ApiBaseUrl, string TileUrlTemplate, string ManifestUrl,
    string DetectorProvider, bool DetectorIsSimulation, string LogFile, IotHubStats? IotHub = null,
    IReadOnlyList<string>? DataLossNotices = null);
