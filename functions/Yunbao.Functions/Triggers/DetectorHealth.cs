using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Yunbao.Functions.Triggers;

public sealed record DetectorHealth(string Provider, bool Simulation, string? Note);
