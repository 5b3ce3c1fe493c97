using System.CommandLine;
using Yunbao.DevHost;

// The local runner: `dotnet run --project tools/Yunbao.DevHost -- [--hours 12] [--speedup 1440] [--seed 42] [--port 7071] [--keep-running] [--direct]`
// 12 simulated hours (07:00-19:00 Beijing: the morning patrol, lunch, the 17:00 rush) take a few minutes here;
// --hours 24 runs a whole day (about 10 minutes on a 2-core machine, see the README).
var hours = new Option<double>("--hours") { Description = "Simulated hours to run (from 07:00 Beijing time).", DefaultValueFactory = _ => DevHostOptions.DefaultHours };
var speedup = new Option<double>("--speedup") { Description = "Simulated seconds per real second (1440 = a day per minute).", DefaultValueFactory = _ => 1440 };
var seed = new Option<int>("--seed") { Description = "Seed for the fleet, the simulation detector and the stewards.", DefaultValueFactory = _ => 42 };
var port = new Option<int>("--port") { Description = "HTTP port of the API on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 7071 };
var keepRunning = new Option<bool>("--keep-running") { Description = "Keep the API and the stand-ins up after the run until Ctrl-C." };
var direct = new Option<bool>("--direct") { Description = "Old path: the fleet writes frames and Event Grid events straight into storage instead of running as edge modules against the IoT Hub stand-in." };

var root = new RootCommand("Yunbao DevHost: runs the whole pipeline locally on stand-ins (Azurite, cosmosdb-server) with a simulated fleet and SIMULATED detections.")
{
    hours, speedup, seed, port, keepRunning, direct,
};
root.SetAction(async (parse, ct) =>
{
    var options = new DevHostOptions
    {
        Hours = parse.GetValue(hours),
        Speedup = parse.GetValue(speedup),
        Seed = parse.GetValue(seed),
        Port = parse.GetValue(port),
        KeepRunning = parse.GetValue(keepRunning),
        Direct = parse.GetValue(direct),
    };
    if (options.Hours <= 0 || options.Speedup <= 0)
    {
        Console.Error.WriteLine("--hours and --speedup must be positive.");
        return 2;
    }
    var display = new ProgressDisplay(options.Interactive);
    Console.WriteLine($"Yunbao DevHost: {options.Hours} simulated hours at {options.Speedup}x, seed {options.Seed}. Detections are SIMULATED; IoT Hub is a stand-in" +
        (options.Direct ? " (--direct: not running, the fleet writes straight into storage)." : " (IoT Hub STAND-IN (local, not Azure IoT Hub): modules over MQTT and file upload)."));
    await using var run = await DevHostRun.StartAsync(options, line => Console.WriteLine("  " + line), ct);
    try
    {
        await display.RunAsync(() => run.RunSimulationAsync(display.Report, ct));
        ProgressDisplay.PrintSummary(await run.SummarizeAsync(ct), Console.Out);
        ScorecardPrinter.Print(await run.ScorecardAsync(ct), Console.Out);
        Console.WriteLine($"  pages          dispatcher console {run.ConsoleUrl}   steward page {run.StewardUrl}   citizen page {run.CitizenUrl}   (local role switch: LOCAL MODE, not sign-in)");
        if (options.KeepRunning)
        {
            Console.WriteLine($"Serving {run.ApiBaseUrl} until Ctrl-C.");
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
        Console.WriteLine("Stopped (Ctrl-C); the stand-ins are being shut down.");
    }
    return 0;
});
// `evaluate`: a detector over COCO-labelled images (#15); without --images over a sample set the renderer draws (SIMULATED scenes).
var images = new Option<string?>("--images") { Description = "Folder with COCO annotations.json and its images (default: generate the sample set into .devhost/eval-sample)." };
var provider = new Option<string>("--detector") { Description = "Detector:Provider (simulation | azure-vision; its settings from the environment, e.g. Vision__Endpoint).", DefaultValueFactory = _ => "simulation" };
var recall = new Option<double?>("--recall") { Description = "Simulation detector recall (default 0.9)." };
var falsePositives = new Option<double?>("--false-positive-rate") { Description = "Simulation detector false positives per frame (default 0.05)." };
var evalSeed = new Option<int>("--seed") { Description = "Seed for the sample set and the simulation detector.", DefaultValueFactory = _ => 42 };
var evaluate = new Command("evaluate", "Scores a detector on labelled images: per label precision, recall, AP@0.5, and what the violation rules make of it.")
{
    images, provider, recall, falsePositives, evalSeed,
};
evaluate.SetAction(async (parse, ct) =>
{
    var folder = parse.GetValue(images);
    if (folder is null)
    {
        folder = Path.Combine(Yunbao.LocalStack.LocalStandIns.FindRepoRoot(), ".devhost", "eval-sample");
        Yunbao.DevHost.Evaluation.SampleImageSet.Write(folder, Yunbao.Domain.Catalog.CategoryCatalog.Default, seed: parse.GetValue(evalSeed));
        Console.WriteLine($"Sample set: {Yunbao.DevHost.Evaluation.SampleImageSet.DefaultCount} SIMULATED scenes drawn by the simulator's renderer into {folder}");
    }
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    var settings = new Dictionary<string, string?>
    {
        ["Detector:Provider"] = parse.GetValue(provider),
        ["SimulationDetector:Seed"] = parse.GetValue(evalSeed).ToString(inv),
        ["SimulationDetector:Recall"] = parse.GetValue(recall)?.ToString(inv),
        ["SimulationDetector:FalsePositiveRate"] = parse.GetValue(falsePositives)?.ToString(inv),
    }.Where(kv => kv.Value is not null).ToDictionary();
    var result = await Yunbao.DevHost.Evaluation.DetectorEvaluation.RunAsync(folder, settings, ct);
    Yunbao.DevHost.Evaluation.DetectorEvaluation.Print(result, folder, Console.Out);
    return 0;
});
root.Subcommands.Add(evaluate);
return await root.Parse(args).InvokeAsync();
