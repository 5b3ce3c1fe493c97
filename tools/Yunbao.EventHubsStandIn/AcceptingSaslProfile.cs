using Amqp;
using Amqp.Sasl;
using Amqp.Types;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Server side of a SASL mechanism that needs no credentials (ANONYMOUS, MSSBCBS): the clients authorize later with $cbs
/// tokens. After the outcome it holds the server's AMQP header and open until the client's header arrived, because
/// AMQPNetLite sends them at once and rhea (the Node client's AMQP library) stalls when they reach it in the same read
/// as the SASL outcome.
/// </summary>
internal sealed class AcceptingSaslProfile(Symbol mechanism) : SaslProfile(mechanism)
{
    protected override ITransport UpgradeTransport(ITransport transport) =>
        transport is IAsyncTransport async ? new WritesAfterFirstReceiveTransport(async) : transport;

    protected override DescribedList GetStartCommand(string hostname) => new SaslInit { Mechanism = Mechanism };

    protected override DescribedList OnCommand(DescribedList command) =>
        command is SaslInit ? new SaslOutcome { Code = SaslCode.Ok } : throw new AmqpException(ErrorCode.NotAllowed, command.ToString());
}
