using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests.Arm;

public static class ArmIds
{
    public static string ResourceId(string subscriptionId, string resourceGroup, string type, IReadOnlyList<string> names)
    {
        var typeParts = type.Split('/');
        var sb = new StringBuilder($"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/{typeParts[0]}/{typeParts[1]}/{names[0]}");
        for (var i = 1; i < names.Count; i++) sb.Append('/').Append(typeParts[i + 1]).Append('/').Append(names[i]);
        return sb.ToString();
    }
}
