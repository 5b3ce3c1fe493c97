using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Yunbao.Application.Ports;
using Microsoft.Extensions.Options;

namespace Yunbao.Functions.Triggers;

public sealed record HealthResource(string Status, string Version, DetectorHealth Detector, bool LocalMode,
    IReadOnlyList<string> StandIns, string DistrictId, DateTimeOffset Time, IReadOnlyList<ComponentHealth> Parts, IReadOnlyList<string> Notices);
