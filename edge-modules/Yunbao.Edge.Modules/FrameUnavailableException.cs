namespace Yunbao.Edge.Modules;

/// <summary>The camera has no picture right now (empty folder, snapshot URL down): the module skips this frame and goes on.</summary>
public sealed class FrameUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
