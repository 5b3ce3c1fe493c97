namespace Yunbao.EventHubsStandIn;

internal enum StartPositionKind { Earliest, Latest, Offset, SequenceNumber, EnqueuedTime }
