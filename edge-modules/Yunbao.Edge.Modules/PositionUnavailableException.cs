namespace Yunbao.Edge.Modules;

/// <summary>No position fix (no GNSS receiver, no satellites): a frame without a true position must not be sent.</summary>
public sealed class PositionUnavailableException(string message) : Exception(message);
