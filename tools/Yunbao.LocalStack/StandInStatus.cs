namespace Yunbao.LocalStack;

/// <summary>
/// One supervised stand-in: whether its process runs, how often it was restarted (on the same ports), and why it last
/// exited. Every stand-in here keeps its data in memory, so a restart means everything it held was lost.
/// </summary>
public sealed record StandInStatus(string Name, bool Running, int Restarts, string? LastExit, DateTimeOffset? LastRestartAt);
