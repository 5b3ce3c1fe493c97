using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Incidents;

/// <summary>
/// Finds the open order a new incident belongs to: same district and category, within the category's
/// dedupe radius of the order's location and within its window of the order's last sighting; the nearest wins.
/// </summary>
public sealed class IncidentDeduplicator(CategoryCatalog catalog)
{
    public WorkOrder? FindMatch(Incident incident, IEnumerable<WorkOrder> candidates)
    {
        var category = catalog.Get(incident.CategoryCode);
        var window = TimeSpan.FromMinutes(category.DedupeWindowMinutes);
        WorkOrder? best = null;
        var bestDistance = double.MaxValue;
        foreach (var order in candidates)
        {
            if (!order.IsOpen || order.DistrictId != incident.DistrictId || order.CategoryCode != incident.CategoryCode) continue;
            // Out-of-order delivery: a sighting slightly older than the last one still belongs to the order.
            if ((incident.ObservedAt - order.LastSeenAt).Duration() > window) continue;
            var d = order.Location.DistanceTo(incident.Location);
            if (d > category.DedupeRadiusMeters || d >= bestDistance) continue;
            best = order;
            bestDistance = d;
        }
        return best;
    }
}
