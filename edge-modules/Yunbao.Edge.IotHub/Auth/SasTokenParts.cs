using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Yunbao.Edge.IotHub;

/// <summary>The parts of a SAS token, decoded.</summary>
public sealed record SasTokenParts(string ResourceUri, string EncodedResourceUri, string Signature, long Expiry, string? KeyName);
