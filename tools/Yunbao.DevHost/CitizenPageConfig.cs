namespace Yunbao.DevHost;

/// <summary>What the citizen page reads from ./config.json: its public Open311 client key and the label it shows.</summary>
public sealed record CitizenPageConfig(string ApiKey, string Label);
