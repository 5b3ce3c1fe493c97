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

public sealed record DevHostProgress(DateTimeOffset SimulatedNow, DateTimeOffset SimulatedEnd, long FramesWritten, long FramesProcessed,
    long TelemetryWritten, int Orders, IReadOnlyDictionary<WorkOrderStatus, int> OrdersByState, IReadOnlyDictionary<string, int> QueueDepths,
    int TilesWritten, long StewardTransitions, double EffectiveSpeedup, IotHubStats? IotHub = null);
