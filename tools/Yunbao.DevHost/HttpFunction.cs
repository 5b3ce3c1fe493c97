using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Yunbao.DevHost;

/// <summary>One HTTP function as its attributes declare it.</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, Type FunctionClass, MethodInfo Method);
