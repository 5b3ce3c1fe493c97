using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>[Fact] that skips, with the reason, when mosquitto is not installed.</summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (MosquittoBroker.Binary is null) Skip = MosquittoBroker.MissingMessage;
    }
}
