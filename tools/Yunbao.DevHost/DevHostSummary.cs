using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;
using Yunbao.Functions;
using Yunbao.Functions.Http;
using Yunbao.Infrastructure;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.LocalStack;

namespace Yunbao.DevHost;

public sealed record DevHostSummary(
    DateTimeOffset SimulatedFrom, DateTimeOffset SimulatedTo, long Frames, long TelemetryMessages, int Incidents, int Orders,
    IReadOnlyDictionary<WorkOrderStatus, int> OrdersByState, int DeduplicatedOrders, int StewardsBusy, int Stewards,
    int TilesRendered, int HeatmapBlobs, int PoisonMessages, string ApiBaseUrl, string TileUrlTemplate, string ManifestUrl,
    string DetectorProvider, bool DetectorIsSimulation, string LogFile, IotHubStats? IotHub = null,
    IReadOnlyList<string>? DataLossNotices = null);
