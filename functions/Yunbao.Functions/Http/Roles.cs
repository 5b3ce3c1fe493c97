using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Yunbao.Functions.Http;

public static class Roles
{
    public const string Dispatcher = "dispatcher";
    public const string Steward = "steward";
    public const string Citizen = "citizen";
    public const string Operator = "operator";
}
