// Microsoft's @azure/event-hubs client, unchanged, against the Event Hubs STAND-IN (local, not Azure Event Hubs).
// Driven by tests/Yunbao.EventHubsStandIn.Tests/NodeClientTests.cs, which passes the connection string in EH_CONNECTION.
// It reads hub properties, sends a batch to partition 0 and one event by partition key, reads partition 1 from the
// earliest event (what the .NET test sent before), and prints one JSON line with what it saw.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const connection = process.env.EH_CONNECTION;
if (!connection) throw new Error("EH_CONNECTION is not set");
const expected = Number(process.env.EH_EXPECT ?? "1");

const producer = new EventHubProducerClient(connection, { retryOptions: { maxRetries: 0, timeoutInMs: 10000 } });
const properties = await producer.getEventHubProperties();
const batch = await producer.createBatch({ partitionId: "0" });
for (const body of ["js-1", "js-2", "js-3"]) {
  if (!batch.tryAdd({ body, properties: { from: "node" } })) throw new Error("batch full");
}
await producer.sendBatch(batch);
await producer.sendBatch([{ body: "js-keyed" }], { partitionKey: "order-7" });
const partition0 = await producer.getPartitionProperties("0");
await producer.close();

const consumer = new EventHubConsumerClient("$Default", connection);
const received = [];
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`timed out with ${received.length} of ${expected} events`)), 15000);
  const subscription = consumer.subscribe("1", {
    processEvents: async (events) => {
      for (const e of events) received.push({ body: Buffer.isBuffer(e.body) ? e.body.toString("utf8") : e.body, sequenceNumber: e.sequenceNumber, offset: e.offset, enqueuedTimeUtc: e.enqueuedTimeUtc, properties: e.properties });
      if (received.length >= expected) { clearTimeout(timer); await subscription.close(); resolve(); }
    },
    processError: async (err) => { clearTimeout(timer); await subscription.close(); reject(err); },
  }, { startPosition: earliestEventPosition, maxBatchSize: 10, maxWaitTimeInSeconds: 1 });
});
await consumer.close();

console.log(JSON.stringify({
  partitionIds: properties.partitionIds,
  partition0: { last: partition0.lastEnqueuedSequenceNumber, empty: partition0.isEmpty },
  received,
}));
