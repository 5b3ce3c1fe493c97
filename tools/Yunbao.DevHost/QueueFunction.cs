using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Yunbao.DevHost;

public sealed record QueueFunction(string Name, string QueueName, Type FunctionClass, MethodInfo Method);
