using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Yunbao.EventHubsStandIn;

/// <summary>A client's sender to $cbs or $management: each request is accepted and answered on its reply-to link with correlation-id = message-id.</summary>
internal sealed class RequestLinkEndpoint(IRequestHandler handler, Connection connection) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        var request = messageContext.Message;
        var replyLink = ReplyLinks.Of(connection).Find(request.Properties?.ReplyTo);
        if (replyLink is null)
        {
            messageContext.Complete(new Error(ErrorCode.NotFound) { Description = $"No reply link '{request.Properties?.ReplyTo}' is attached." });
            return;
        }
        var response = handler.Handle(request, connection);
        response.Properties ??= new Properties();
        response.Properties.CorrelationId = request.Properties?.MessageId ?? request.Properties?.CorrelationId;
        messageContext.Complete();
        replyLink.Send(response);
    }

    public override void OnFlow(FlowContext flowContext) { }

    public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();
}
