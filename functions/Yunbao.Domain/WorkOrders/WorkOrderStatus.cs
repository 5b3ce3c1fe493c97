namespace Yunbao.Domain.WorkOrders;

public enum WorkOrderStatus { Detected, Dispatched, Accepted, InProgress, Resolved, Verified, Closed, Rejected, Escalated }
