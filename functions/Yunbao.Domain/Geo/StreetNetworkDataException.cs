using System.Reflection;
using System.Text.Json;

namespace Yunbao.Domain.Geo;

/// <summary>Thrown when the street data is inconsistent; the message names the offending item.</summary>
public sealed class StreetNetworkDataException(string message) : Exception(message);
