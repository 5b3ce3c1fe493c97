using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// MQTT over WebSockets as IoT Hub serves it: <c>wss://{host}/$iothub/websocket</c>, subprotocol <c>mqtt</c>. Each
/// WebSocket is bridged byte for byte to the broker's loopback MQTT port, so authentication, topics and limits are the
/// broker's own (one implementation for every transport).
/// </summary>
internal static class MqttWebSocketBridge
{
    public const string Path = "/$iothub/websocket";
    private const string SubProtocol = "mqtt";

    public static void Map(WebApplication app, Func<int> brokerPort, ILogger logger)
    {
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != Path || !context.Request.IsHttps)
            {
                await next(context);
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("MQTT over WebSockets needs a WebSocket upgrade with the 'mqtt' subprotocol.", context.RequestAborted);
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
            using var tcp = new TcpClient(AddressFamily.InterNetwork);
            await tcp.ConnectAsync(IPAddress.Loopback, brokerPort(), context.RequestAborted);
            tcp.NoDelay = true;
            logger.LogInformation(StandInLabel.Text + ": MQTT over WebSockets connection from {remote}", $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}");
            await using var stream = tcp.GetStream();
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var up = PumpUpAsync(socket, stream, done.Token);
            var down = PumpDownAsync(stream, socket, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            try { await Task.WhenAll(up, down); } catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException) { }
            if (socket.State == WebSocketState.Open)
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed", closeTimeout.Token); }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException) { }
            }
        });
    }

    private static async Task PumpUpAsync(WebSocket socket, NetworkStream broker, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return;
            await broker.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
        }
    }

    private static async Task PumpDownAsync(NetworkStream broker, WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await broker.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;   // the broker closed the connection (auth refused, token expired, QoS 2...)
            await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, true, cancellationToken);
        }
    }
}
