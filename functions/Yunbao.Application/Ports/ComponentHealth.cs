namespace Yunbao.Application.Ports;

/// <summary>What one health contributor found; <paramref name="Notice"/> is something a user must know even when it is up (e.g. data lost on a restart).</summary>
public sealed record ComponentHealth(string Name, bool Up, string Detail, string? Notice = null);
