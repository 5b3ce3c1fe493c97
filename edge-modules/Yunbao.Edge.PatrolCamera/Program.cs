using Microsoft.Extensions.Logging;
using Yunbao.Edge.Modules;
using Yunbao.Edge.PatrolCamera;

await ModuleHost.RunAsync(args, PatrolCameraModule.DefaultModuleId, s => new PatrolCameraModule(
    s.Client, s.Context, s.Simulation.PatrolFrames, s.Simulation.PatrolPosition,
    logger: s.LoggerFactory.CreateLogger<PatrolCameraModule>()));
