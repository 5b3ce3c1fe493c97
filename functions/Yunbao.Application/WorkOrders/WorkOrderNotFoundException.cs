
namespace Yunbao.Application.WorkOrders;

/// <summary>Thrown when a transition names an order that does not exist.</summary>
public sealed class WorkOrderNotFoundException(string districtId, string id)
    : KeyNotFoundException($"No work order {id} in district {districtId}.");
