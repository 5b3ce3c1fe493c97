using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.Modules;

namespace Yunbao.DevHost.Modules;

public sealed record FixedCameraSpec(string DeviceId, IFrameSource Frames, IPositionSource Position, FixedCameraSettings? Settings = null) : ModuleSpec(DeviceId)
{
    public override string ModuleId => FixedCameraModule.DefaultModuleId;
}
