using System.Globalization;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.OpsEvents;

/// <summary>
/// One CloudEvents 1.0 event for `ops-events` (schema: functions/Yunbao.Contracts/Schemas/ops-events.schema.json):
/// a fact from a work order's history. <see cref="Id"/> is "{orderId}:{index in the history}", so every retry of the
/// same fact carries the same id and consumers drop duplicates; <see cref="Subject"/> (the order id) is the partition key.
/// </summary>
public sealed record OpsEvent(string Id, string Type, string Source, string Subject, DateTimeOffset Time, OpsEventData Data)
{
    public const string SpecVersion = "1.0";
    public const string TypePrefix = "city.yunbao.workorder.";

    public static OpsEvent From(WorkOrder order, int index)
    {
        var e = order.Events[index];
        return new OpsEvent(
            $"{order.Id}:{index.ToString(CultureInfo.InvariantCulture)}",
            TypePrefix + e.Type,
            $"/yunbao/districts/{order.DistrictId}/workorders",
            order.Id,
            e.At,
            new OpsEventData(order.Id, order.DistrictId, order.CategoryCode, e.Type, e.From, e.To, e.By.Id, e.By.Role,
                order.Location.Lon, order.Location.Lat, order.AssignedStewardId,
                IncidentOf(order, e.Type),
                order.Simulated));
    }

    /// <summary>The first incident opened the order; an occurrence is the latest one that joined it (the history does not name it).</summary>
    private static string? IncidentOf(WorkOrder order, string type) => order.IncidentIds.Count == 0 ? null : type switch
    {
        WorkOrderEventTypes.Detected => order.IncidentIds[0],
        WorkOrderEventTypes.Occurrence => order.IncidentIds[^1],
        _ => null,
    };
}
