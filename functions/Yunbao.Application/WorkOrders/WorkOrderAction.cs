using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

public enum WorkOrderAction { Dispatch, Accept, Start, Resolve, Verify, Close, Reject, Escalate, Reopen, ProposeReject }
