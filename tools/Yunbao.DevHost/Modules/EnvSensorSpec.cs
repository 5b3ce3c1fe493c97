using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.Modules;

namespace Yunbao.DevHost.Modules;

public sealed record EnvSensorSpec(string DeviceId, ISensorSource Sensor, EnvSensorSettings? Settings = null) : ModuleSpec(DeviceId)
{
    public override string ModuleId => EnvSensorModule.DefaultModuleId;
}
