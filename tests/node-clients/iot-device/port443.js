'use strict';
// Test-harness host mapping (loaded with `node --require`): Microsoft's SDK always dials port 443 for MQTT over
// WebSockets and file upload. On a developer machine that is a hosts-file line plus the stand-in on 443 (see
// tools/Yunbao.IotHubStandIn/README.md); tests cannot take 443, so TLS connections to port 443 go to the stand-in's
// free HTTPS port on 127.0.0.1 instead, keeping the SDK's host name for SNI and certificate checks.
const tls = require('tls');
const target = Number(process.env.YUNBAO_HTTPS_PORT);
const original = tls.connect;
tls.connect = function (...args) {
  const options = typeof args[0] === 'object' ? args[0] : (typeof args[1] === 'object' ? args[1] : {});
  const port = typeof args[0] === 'number' ? args[0] : Number(options.port);
  if (target && port === 443) {
    const host = typeof args[1] === 'string' ? args[1] : (options.host || options.servername);
    const mapped = { ...options, host: '127.0.0.1', port: target, servername: options.servername || host };
    const callback = args.find(a => typeof a === 'function');
    return original.call(this, mapped, callback);
  }
  return original.apply(this, args);
};
