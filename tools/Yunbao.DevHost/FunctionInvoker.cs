using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Yunbao.DevHost;

/// <summary>Finds queue and timer functions by their trigger attributes and runs them as the isolated worker would.</summary>
public static class FunctionInvoker
{
    public static IReadOnlyList<QueueFunction> DiscoverQueues(Assembly assembly) =>
        Functions(assembly)
            .Select(x => (x.Type, x.Method, x.Name, trigger: Trigger<QueueTriggerAttribute>(x.Method)))
            .Where(x => x.trigger is not null)
            .Select(x => new QueueFunction(x.Name, x.trigger!.QueueName, x.Type, x.Method))
            .ToList();

    public static IReadOnlyList<TimerFunction> DiscoverTimers(Assembly assembly) =>
        Functions(assembly)
            .Select(x => (x.Type, x.Method, x.Name, trigger: Trigger<TimerTriggerAttribute>(x.Method)))
            .Where(x => x.trigger is not null)
            .Select(x => new TimerFunction(x.Name, x.trigger!.Schedule, x.Type, x.Method))
            .ToList();

    /// <summary>Runs a function method in a fresh scope with the trigger value bound to the trigger parameter.</summary>
    public static async Task<object?> InvokeAsync(IServiceProvider services, Type functionClass, MethodInfo method, object? triggerValue, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, functionClass);
        var args = method.GetParameters()
            .Select(p => p.ParameterType == typeof(CancellationToken) ? ct
                : p.GetCustomAttributes().Any(a => a is Microsoft.Azure.Functions.Worker.Extensions.Abstractions.TriggerBindingAttribute) ? triggerValue
                : scope.ServiceProvider.GetService(p.ParameterType))
            .ToArray();
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, null);
        if (returned is not Task task) return returned;
        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
    }

    private static IEnumerable<(Type Type, MethodInfo Method, string Name)> Functions(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => (t, m)))
            .Where(x => x.m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(x => (x.t, x.m, x.m.GetCustomAttribute<FunctionAttribute>()!.Name));

    private static T? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).FirstOrDefault(a => a is not null);
}
