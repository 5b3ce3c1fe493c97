using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Microsoft.Extensions.Logging;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// The $cbs node: "put-token" with a SAS token for an audience. 202 grants the audience to the connection; a bad or
/// expired token gets 401 with error-condition amqp:unauthorized-access, which the clients raise as an authorization failure.
/// </summary>
internal sealed class CbsProcessor(SasTokenValidator validator, EventHubsStandInStats stats, ILogger logger) : IRequestHandler
{
    public Message Handle(Message request, Connection connection)
    {
        var properties = request.ApplicationProperties;
        var operation = properties?["operation"] as string;
        var audience = properties?["name"] as string ?? "";
        Message response;
        if (!string.Equals(operation, "put-token", StringComparison.Ordinal))
        {
            response = Response(400, $"Operation '{operation}' is not supported by the $cbs node.", null);
        }
        else if (validator.Validate(request.Body as string, out var reason) is { } tokenAudience)
        {
            ConnectionAuthorization.Of(connection).Grant(tokenAudience.Length > 0 ? tokenAudience : audience);
            stats.TokenAccepted();
            response = Response(202, "Accepted", null);
        }
        else
        {
            stats.TokenRefused();
            logger.LogWarning(EventHubsStandInLabel.Text + ": token for {audience} refused: {reason}", audience, reason);
            response = Response(401, $"Unauthorized: {reason}.", ErrorCode.UnauthorizedAccess);
        }
        return response;
    }

    internal static Message Response(int status, string description, string? condition)
    {
        var response = new Message { ApplicationProperties = new ApplicationProperties() };
        response.ApplicationProperties["status-code"] = status;
        response.ApplicationProperties["status-description"] = description;
        if (condition is not null) response.ApplicationProperties["error-condition"] = new Symbol(condition);
        return response;
    }
}
