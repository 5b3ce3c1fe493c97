using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Yunbao.Edge.IotHub;

/// <summary>A SAS token and the instant IoT Hub stops accepting it.</summary>
public sealed record SasToken(string Value, DateTimeOffset ExpiresOn)
{
    public override string ToString() => "SharedAccessSignature (redacted)";
}
