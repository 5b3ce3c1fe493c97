using System.Text.Json.Serialization;

namespace Yunbao.Infrastructure.Cosmos;

internal static class CosmosTime
{
    /// <summary>Times are compared as Unix milliseconds: text comparison of ISO strings breaks across offsets.</summary>
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
}
