namespace Yunbao.DevHost;

/// <summary>One queue pump as /api/health reports it.</summary>
public sealed record QueuePumpHealth(string Queue, bool Up, string Detail, long Processed, long Poisoned, long Undecodable);
