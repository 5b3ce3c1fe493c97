namespace Yunbao.Application.Citizens;

/// <summary>The outcome of a POST: the request's id and view, and whether it was new (false: a retry of a known ticket).</summary>
public sealed record CitizenSubmitted(CitizenRequestView Request, bool Created, string? WorkOrderId, bool JoinedExistingOrder);
