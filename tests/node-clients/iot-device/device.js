'use strict';
// Drives Microsoft's Node.js device SDK (azure-iot-device + azure-iot-device-mqtt, unmodified) against the IoT Hub
// stand-in; run by tests/Yunbao.IotHubStandIn.Tests/NodeDeviceSdkTests.cs. Only the connection string (HostName,
// GatewayHostName) and the CA (NODE_EXTRA_CA_CERTS) point it at the stand-in. It prints one JSON line per observation
// and reads one JSON line per command on stdin, so the test decides when the service side acts.
const { Client, Message, SharedAccessKeyAuthenticationProvider } = require('azure-iot-device');
const { Mqtt, MqttWs } = require('azure-iot-device-mqtt');
const { Readable } = require('stream');
const readline = require('readline');

const scenario = process.argv[2];
const connectionString = process.env.DEVICE_CONNECTION_STRING;
const Transport = process.env.DEVICE_TRANSPORT === 'ws' ? MqttWs : Mqtt;
const say = (event, data) => process.stdout.write(JSON.stringify({ event, ...data }) + '\n');
const lines = readline.createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', line => { const w = waiting.shift(); if (w) w(line); });
const nextCommand = () => new Promise(resolve => waiting.push(resolve));

function telemetry(id, type) {
  const message = new Message(JSON.stringify({ districtId: 'lize', ts: new Date().toISOString(), lon: 116.31, lat: 39.86, values: { pm25: 35.5 } }));
  message.messageId = id;
  message.contentType = 'application/json';
  message.contentEncoding = 'utf-8';
  message.properties.add('type', type);
  message.properties.add('note', 'a b');
  return message;
}

async function main() {
  const client = scenario === 'renew'
    // Tokens valid 8 s, renewed 4 s before expiry: the stand-in drops a connection whose token expired.
    ? Client.fromAuthenticationProvider(SharedAccessKeyAuthenticationProvider.fromConnectionString(connectionString, 8, 4), Transport)
    : Client.fromConnectionString(connectionString, Transport);
  client.on('error', err => say('error', { message: String(err && err.message) }));
  try {
    await client.open();
  } catch (err) {
    say('open-failed', { name: err.constructor && err.constructor.name, message: String(err.message) });
    process.exit(0);
  }
  say('connected');

  switch (scenario) {
    case 'telemetry':
      await client.sendEvent(telemetry('node-msg-1', 'sensor'));
      say('sent', { messageId: 'node-msg-1' });
      break;
    case 'twin': {
      const twin = await client.getTwin();
      say('twin', { desiredVersion: twin.properties.desired.$version, reportedVersion: twin.properties.reported.$version });
      await new Promise((resolve, reject) => twin.properties.reported.update({ firmware: '1.2.3', sdk: 'node' }, e => (e ? reject(e) : resolve())));
      const again = await client.getTwin();
      say('reported', { reportedVersion: again.properties.reported.$version, firmware: again.properties.reported.firmware });
      const patched = new Promise(resolve => twin.on('properties.desired', patch => { if (patch.interval !== undefined) resolve(patch); }));
      // The listener subscribes in the background; 'ready' only once the hub has the subscription (SUBACK).
      await new Promise((resolve, reject) => twin.enableTwinDesiredPropertiesUpdates(e => (e ? reject(e) : resolve())));
      say('ready');
      const patch = await patched;
      say('desired', { interval: patch.interval, version: patch.$version });
      break;
    }
    case 'method':
      client.onDeviceMethod('reboot', (request, response) => {
        say('method-called', { name: request.methodName, payload: request.payload });
        response.send(200, { rebooted: true, delay: request.payload && request.payload.delay }, () => {});
      });
      say('ready');
      await nextCommand();   // the test invoked 'reboot' and a method nobody handles
      break;
    case 'c2d': {
      const received = new Promise(resolve => client.on('message', message => {
        client.complete(message, () => {});
        resolve(message);
      }));
      say('ready');
      const message = await received;
      say('c2d', { body: message.data.toString('utf8'), messageId: message.messageId, properties: Object.fromEntries(message.properties.propertyList.map(p => [p.key, p.value])) });
      break;
    }
    case 'upload': {
      const frame = Buffer.from(process.env.UPLOAD_CONTENT, 'base64');
      await client.uploadToBlob('frame-0001.jpg', Readable.from([frame]), frame.length);
      say('uploaded', { bytes: frame.length });
      break;
    }
    case 'renew': {
      const count = Number(process.env.RENEW_MESSAGES || 20);
      for (let i = 0; i < count; i++) {
        // Each send resolves only when the hub acknowledged it; the SDK retries over its own reconnects.
        await client.sendEvent(telemetry(`renew-${i}`, 'sensor'));
        await new Promise(r => setTimeout(r, 500));
      }
      say('sent', { count });
      break;
    }
    default:
      throw new Error('unknown scenario ' + scenario);
  }
  await client.close();
  say('closed');
  process.exit(0);
}

main().catch(err => { say('failed', { message: String(err && err.stack || err) }); process.exit(1); });
