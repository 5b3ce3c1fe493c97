namespace Yunbao.Application.OpsEvents;

/// <summary>What one outbox sweep did: events published, orders left pending because publishing failed, watermarks lost to a concurrent write.</summary>
public sealed record OpsEventSweepResult(int Published, int OrdersFailed, int MarksDeferred);
