using Yunbao.Edge.Modules;
using Yunbao.Edge.PatrolCamera;

namespace Yunbao.DevHost.Modules;

public sealed record PatrolCameraSpec(string DeviceId, IFrameSource Frames, IPositionSource Position, PatrolCameraSettings? Settings = null) : ModuleSpec(DeviceId)
{
    public override string ModuleId => PatrolCameraModule.DefaultModuleId;
}
