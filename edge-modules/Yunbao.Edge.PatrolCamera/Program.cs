using Microsoft.Extensions.Logging;
using Yunbao.Edge.Modules;
using Yunbao.Edge.PatrolCamera;

// Frames and GNSS come from the device (Sources__Kind / Sources__Folder / Sources__Url, Sources__Gnss).
await ModuleHost.RunAsync(args, PatrolCameraModule.DefaultModuleId, s => new PatrolCameraModule(
    s.Client, s.CreateFrameUploader(), s.Context, s.Sources.PatrolFrames, s.Sources.PatrolPosition,
    logger: s.LoggerFactory.CreateLogger<PatrolCameraModule>()));
