#!/usr/bin/env node
'use strict';
// Registers a device identity on the RUNNING IoT Hub STAND-IN (local, not Azure IoT Hub) and prints a connection string a
// real device or Microsoft's SDK can use unchanged, plus the CA to trust.
//   node tools/Yunbao.IotHubStandIn/new-device.js <deviceId> [folder holding iothub-standin.json]
// The folder defaults to the runner's: $TMPDIR/yunbao-devhost/iothub-ca (tools/Yunbao.DevHost). Loopback only.
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');

const [deviceId, folder = path.join(os.tmpdir(), 'yunbao-devhost', 'iothub-ca')] = process.argv.slice(2);
if (!deviceId) {
  console.error('usage: new-device.js <deviceId> [folder with iothub-standin.json]');
  process.exit(2);
}
const endpointsFile = path.join(folder, 'iothub-standin.json');
if (!fs.existsSync(endpointsFile)) {
  console.error(`${endpointsFile} not found: start the local runner (run-local.sh) first.`);
  process.exit(1);
}
const hub = JSON.parse(fs.readFileSync(endpointsFile, 'utf8'));
const parts = Object.fromEntries(hub.serviceConnectionString.split(';').map(p => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));

// Service SAS token: sr={host}, sig=HMAC-SHA256(key, urlencode(sr) + "\n" + expiry), skn={policy}.
const expiry = Math.floor(Date.now() / 1000) + 300;
const sr = encodeURIComponent(parts.HostName);
const sig = crypto.createHmac('sha256', Buffer.from(parts.SharedAccessKey, 'base64')).update(`${sr}\n${expiry}`).digest('base64');
const token = `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=${parts.SharedAccessKeyName}`;

const base = new URL(hub.https);
if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') throw new Error('the stand-in answers on loopback only');
const body = JSON.stringify({ deviceId, authentication: { type: 'sas' } });
const request = https.request({
  host: base.hostname, port: base.port, method: 'PUT', path: `/devices/${encodeURIComponent(deviceId)}?api-version=2021-04-12`,
  ca: fs.readFileSync(hub.caCertificate), servername: 'localhost',
  headers: { Authorization: token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
}, response => {
  let text = '';
  response.on('data', chunk => { text += chunk; });
  response.on('end', () => {
    if (response.statusCode !== 200) {
      console.error(`registering ${deviceId} failed: ${response.statusCode} ${text}`);
      process.exit(1);
    }
    const device = JSON.parse(text);
    const key = device.authentication.symmetricKey.primaryKey;
    console.log(`# ${hub.standIn}: device '${deviceId}' registered (in memory, until the runner stops)`);
    console.log(`export DEVICE_CONNECTION_STRING='HostName=${hub.hostName};DeviceId=${deviceId};SharedAccessKey=${key};GatewayHostName=${hub.mqttTls}'`);
    console.log(`export NODE_EXTRA_CA_CERTS='${hub.caCertificate}'`);
  });
});
request.on('error', err => { console.error(`the stand-in at ${hub.https} did not answer: ${err.message}`); process.exit(1); });
request.end(body);
