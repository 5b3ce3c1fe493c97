using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Yunbao.DevHost;

public sealed record TimerFunction(string Name, string Schedule, Type FunctionClass, MethodInfo Method);
