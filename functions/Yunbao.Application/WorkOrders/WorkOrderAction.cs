
namespace Yunbao.Application.WorkOrders;

public enum WorkOrderAction { Dispatch, Accept, Start, Resolve, Verify, Close, Reject, Escalate, Reopen, ProposeReject }
