using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Yunbao.LocalStack;

/// <summary>Thrown when a stand-in does not start; the message carries the process's own output.</summary>
public sealed class StandInStartException(string message) : Exception(message);
