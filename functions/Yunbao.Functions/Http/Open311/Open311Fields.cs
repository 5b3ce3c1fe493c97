namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// One Open311 object as ordered (name, value) pairs, so JSON and XML come from the same data in the spec's order.
/// Values are strings, numbers, booleans, times, <see cref="Open311List"/>s, or null (JSON null, XML empty element).
/// </summary>
public sealed class Open311Fields : List<KeyValuePair<string, object?>>
{
    public Open311Fields Add(string name, object? value)
    {
        Add(new KeyValuePair<string, object?>(name, value));
        return this;
    }
}
