using Yunbao.Contracts;
using Spectre.Console;
using Yunbao.Contracts.Storage;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.DevHost;

/// <summary>Progress while the simulation runs: a live table on a terminal, plain lines when output is redirected.</summary>
public sealed class ProgressDisplay(bool interactive)
{
    private DevHostProgress? _latest;
    private DateTimeOffset _lastLine;

    public void Report(DevHostProgress progress)
    {
        _latest = progress;
        if (interactive) return;
        // Redirected: one line every 5 s of real time is enough for a log.
        var now = TimeProvider.System.GetUtcNow();
        if (now - _lastLine < TimeSpan.FromSeconds(5) && progress.SimulatedNow < progress.SimulatedEnd) return;
        _lastLine = now;
        Console.WriteLine(Line(progress));
    }

    private static readonly TimeSpan Beijing = DistrictTime.BeijingOffset;

    public static string Line(DevHostProgress p) =>
        $"[sim {p.SimulatedNow.ToOffset(Beijing):yyyy-MM-dd HH:mm} Beijing, {p.EffectiveSpeedup:F0}x] frames {p.FramesProcessed}/{p.FramesWritten}, telemetry {p.TelemetryWritten}, orders {p.Orders} " +
        $"({string.Join(", ", p.OrdersByState.Where(kv => kv.Value > 0).Select(kv => $"{Yunbao.Contracts.YunbaoJson.EnumText(kv.Key)} {kv.Value}"))}), " +
        $"queues frame-events {p.QueueDepths.GetValueOrDefault(StorageNames.FrameEventsQueue)}, telemetry {p.QueueDepths.GetValueOrDefault(StorageNames.TelemetryQueue)}, tiles {p.TilesWritten}" +
        (p.IotHub is { } hub ? $", IoT Hub stand-in: {hub.Connections} connections, D2C {hub.DeviceToCloudMessages}, uploads {hub.UploadsCompleted}/{hub.UploadsStarted}" : "");

    /// <summary>"position 120, sensor 36, alert 2".</summary>
    public static string ByType(IotHubStats hub) => hub.MessagesByType.Count == 0 ? "none"
        : string.Join(", ", hub.MessagesByType.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    /// <summary>Runs <paramref name="work"/> under a live table when interactive.</summary>
    public async Task RunAsync(Func<Task> work)
    {
        if (!interactive)
        {
            await work();
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("").HideHeaders();
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                Render(table);
                ctx.Refresh();
                await Task.WhenAny(task, Task.Delay(500));
            }
            Render(table);
            ctx.Refresh();
            await task;
        });
    }

    private void Render(Table table)
    {
        table.Rows.Clear();
        if (_latest is not { } p)
        {
            table.AddRow("status", "starting...");
            return;
        }
        table.AddRow("[bold]simulated time[/]", $"{p.SimulatedNow.ToOffset(DistrictTime.BeijingOffset):yyyy-MM-dd HH:mm} (Beijing)  until {p.SimulatedEnd.ToOffset(DistrictTime.BeijingOffset):HH:mm}");
        table.AddRow("speed", $"{p.EffectiveSpeedup:F0}x effective (simulated time waits for the pipeline)");
        table.AddRow("frames", $"{p.FramesProcessed} processed / {p.FramesWritten} written");
        table.AddRow("telemetry", p.TelemetryWritten.ToString());
        table.AddRow("work orders", $"{p.Orders}");
        foreach (var (status, count) in p.OrdersByState.Where(kv => kv.Value > 0))
            table.AddRow($"  {Yunbao.Contracts.YunbaoJson.EnumText(status)}", count.ToString());
        table.AddRow("steward actions", p.StewardTransitions.ToString());
        table.AddRow("queues", string.Join("  ", p.QueueDepths.Select(kv => $"{kv.Key} {kv.Value}")));
        table.AddRow("tiles rendered", p.TilesWritten.ToString());
        if (p.IotHub is { } hub)
        {
            table.AddRow("[yellow]IoT Hub[/]", $"[yellow]{Markup.Escape(hub.Label)}[/]");
            table.AddRow("  MQTT", $"{hub.Connections} connections, D2C {hub.DeviceToCloudMessages} ({ByType(hub)}), {hub.RoutedToTelemetryQueue} to 'telemetry'");
            table.AddRow("  file upload", $"{hub.UploadsCompleted} done of {hub.UploadsStarted} started, {hub.UploadsFailedOrRefused} failed or refused");
        }
        else table.AddRow("[yellow]IoT Hub[/]", "[yellow]not running (--direct)[/]: the fleet writes straight into storage");
        table.AddRow("[yellow]detector[/]", "[yellow]SIMULATION[/] (simulated ground truth, not a vision model)");
    }

    public static void PrintSummary(DevHostSummary s, TextWriter output)
    {
        string Orders() => string.Join(", ", Enum.GetValues<WorkOrderStatus>()
            .Where(st => s.OrdersByState.GetValueOrDefault(st) > 0)
            .Select(st => $"{Yunbao.Contracts.YunbaoJson.EnumText(st)} {s.OrdersByState[st]}"));
        output.WriteLine();
        output.WriteLine("Yunbao DevHost summary");
        output.WriteLine($"  simulated      {s.SimulatedFrom.ToOffset(Beijing):yyyy-MM-dd HH:mm} .. {s.SimulatedTo.ToOffset(Beijing):yyyy-MM-dd HH:mm} Beijing time");
        output.WriteLine($"  frames         {s.Frames}   telemetry messages {s.TelemetryMessages}");
        output.WriteLine($"  incidents      {s.Incidents}");
        output.WriteLine($"  work orders    {s.Orders} ({Orders()}); {s.DeduplicatedOrders} absorbed repeat sightings");
        output.WriteLine($"  stewards busy  {s.StewardsBusy} of {s.Stewards}");
        output.WriteLine($"  heatmap tiles  {s.TilesRendered} rendered, {s.HeatmapBlobs} blobs in container 'heatmaps'");
        output.WriteLine($"  poison         {s.PoisonMessages} message(s) in frame-events-poison / telemetry-poison");
        output.WriteLine($"  API            {s.ApiBaseUrl}/health   {s.ApiBaseUrl}/workorders");
        output.WriteLine($"  tiles          {s.TileUrlTemplate}");
        output.WriteLine($"  manifest       {s.ManifestUrl}");
        if (s.IotHub is { } hub)
        {
            output.WriteLine($"  IoT Hub        {hub.Label}: MQTT 127.0.0.1:{hub.MqttPort}, file upload {hub.FileUploadBaseAddress}");
            if (hub.CaCertificatePath is not null)
                output.WriteLine($"                 devices: MQTT/TLS 127.0.0.1:{hub.MqttTlsPort}, HTTPS + MQTT/WebSockets {hub.HttpsBaseAddress}, trust the CA {hub.CaCertificatePath}");
            output.WriteLine($"                 {hub.Connections} connections ({hub.RefusedConnections} refused), D2C {hub.DeviceToCloudMessages} ({ByType(hub)}), {hub.RoutedToTelemetryQueue} routed to 'telemetry'");
            output.WriteLine($"                 uploads {hub.UploadsCompleted} completed of {hub.UploadsStarted} started, {hub.UploadsFailedOrRefused} failed or refused");
        }
        output.WriteLine($"  log            {s.LogFile}");
        foreach (var notice in s.DataLossNotices ?? [])
            output.WriteLine($"  DATA LOST      {notice}");
        output.WriteLine($"  NOTE: detections are SIMULATED (detector '{s.DetectorProvider}' reads simulated ground truth), and IoT Hub is a stand-in:");
        output.WriteLine(s.IotHub is null
            ? "        (--direct) the simulated fleet writes frames and Event Grid events straight into Azurite. Cosmos DB is @vercel/cosmosdb-server."
            : "        the simulated fleet runs as edge module instances and steward phones against the IoT Hub STAND-IN (local, not Azure IoT Hub);\n" +
              "        frames by IoT Hub file upload into Azurite, telemetry over MQTT. Cosmos DB is @vercel/cosmosdb-server.");
    }
}
