using Amqp;

namespace Yunbao.EventHubsStandIn;

/// <summary>A request/response node ($cbs, $management): one answer per request, on the connection it came in on.</summary>
internal interface IRequestHandler
{
    Message Handle(Message request, Connection connection);
}
