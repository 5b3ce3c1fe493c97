namespace Yunbao.Edge.IotHub;

/// <summary>A device-to-cloud message over IoT Hub's 256 KB limit, refused before it reaches the outbox.</summary>
public sealed class MessageTooLargeException(int size, int limit)
    : Exception($"Device-to-cloud message is {size} bytes counting body, system property values and application property names and values; IoT Hub accepts at most {limit} bytes (256 KB). Upload large content as a file instead.")
{
    public int Size { get; } = size;
    public int Limit { get; } = limit;
}
