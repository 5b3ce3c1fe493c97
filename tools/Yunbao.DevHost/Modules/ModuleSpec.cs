namespace Yunbao.DevHost.Modules;

/// <summary>One module instance to run: which device it is on and where its frames, fixes or readings come from.</summary>
public abstract record ModuleSpec(string DeviceId)
{
    public abstract string ModuleId { get; }
}
