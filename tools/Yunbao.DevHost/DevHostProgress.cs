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

public sealed record DevHostProgress(DateTimeOffset SimulatedNow, DateTimeOffset SimulatedEnd, long FramesWritten, long FramesProcessed,
    long TelemetryWritten, int Orders, IReadOnlyDictionary<WorkOrderStatus, int> OrdersByState, IReadOnlyDictionary<string, int> QueueDepths,
    int TilesWritten, long StewardTransitions, double EffectiveSpeedup, IotHubStats? IotHub = null);
