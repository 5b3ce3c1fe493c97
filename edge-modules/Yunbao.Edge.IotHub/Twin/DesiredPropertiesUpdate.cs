using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Desired properties handed to the handler: a patch from <c>$iothub/twin/PATCH/properties/desired/?$version=</c>,
/// or (<see cref="IsFullDocument"/>) the whole desired section read after each connect, so changes made while the
/// client was offline are not missed. Versions only grow; an older or equal version is never delivered twice.
/// </summary>
public sealed record DesiredPropertiesUpdate(JsonObject Properties, long Version, bool IsFullDocument);
