using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Citizens;
using Yunbao.Domain.Incidents;

namespace Yunbao.Infrastructure.Cosmos;

public sealed record IncidentDocument : CosmosDocument
{
    public required string CategoryCode { get; init; }
    public EventSource Source { get; init; }
    public required GeoJsonPoint Location { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long ObservedAtMs { get; init; }
    public double Confidence { get; init; }
    public string? DeviceId { get; init; }
    public string? FrameBlobName { get; init; }
    public PixelBox? Box { get; init; }
    public string Provider { get; init; } = "";
    public bool Simulated { get; init; }
    public bool Congestion { get; init; }
    public string? WorkOrderId { get; init; }
    public string? Description { get; init; }
    /// <summary>A citizen's request, stored whole with its incident (personal data included; no public answer reads it from here).</summary>
    public CitizenReport? Citizen { get; init; }

    public static IncidentDocument From(Incident i) => new()
    {
        Id = i.Id,
        DistrictId = i.DistrictId,
        CategoryCode = i.CategoryCode,
        Source = i.Source,
        Location = GeoJsonPoint.From(i.Location),
        Lon = i.Location.Lon,
        Lat = i.Location.Lat,
        ObservedAt = i.ObservedAt,
        ObservedAtMs = CosmosTime.Ms(i.ObservedAt),
        Confidence = i.Confidence,
        DeviceId = i.DeviceId,
        FrameBlobName = i.FrameBlobName,
        Box = i.Box,
        Provider = i.Provider,
        Simulated = i.Simulated,
        Congestion = i.Congestion,
        WorkOrderId = i.WorkOrderId,
        Description = i.Description,
        Citizen = i.Citizen,
    };

    public Incident ToDomain() => new()
    {
        Id = Id,
        DistrictId = DistrictId,
        CategoryCode = CategoryCode,
        Source = Source,
        Location = new GeoPoint(Lon, Lat),
        ObservedAt = ObservedAt,
        Confidence = Confidence,
        DeviceId = DeviceId,
        FrameBlobName = FrameBlobName,
        Box = Box,
        Provider = Provider,
        Simulated = Simulated,
        Congestion = Congestion,
        WorkOrderId = WorkOrderId,
        Description = Description,
        Citizen = Citizen,
    };
}
