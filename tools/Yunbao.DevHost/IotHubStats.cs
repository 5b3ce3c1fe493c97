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

/// <summary>What the IoT Hub stand-in saw (null with --direct): MQTT connections, D2C messages by type, file uploads.</summary>
public sealed record IotHubStats(string Label, long Connections, long RefusedConnections, long DeviceToCloudMessages,
    IReadOnlyDictionary<string, long> MessagesByType, long RoutedToTelemetryQueue, long UploadsStarted, long UploadsCompleted,
    long UploadsFailedOrRefused, int MqttPort, string FileUploadBaseAddress);
