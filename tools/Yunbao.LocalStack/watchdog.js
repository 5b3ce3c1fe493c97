// Runs an npm stand-in's CLI inside this node process and exits when the .NET parent goes away.
// The parent holds our stdin pipe; the pipe closes when the parent exits for any reason (even SIGKILL),
// so a crashed test run never leaves Azurite or cosmosdb-server running.
// Usage: node watchdog.js <cli.js> [args...]
"use strict";
const target = process.argv[2];
process.argv.splice(1, 2, target); // the CLI sees argv = [node, cli.js, ...args], as if run directly
const quit = () => process.exit(0);
process.stdin.on("end", quit);
process.stdin.on("close", quit);
process.stdin.on("error", quit);
process.stdin.resume();
// Azurite 3.35 has no option for its blob garbage collection (BlobServer constructs BlobGCManager with the fixed
// DEFAULT_GC_INTERVAL_MS of 10 minutes; no CLI flag, no environment variable). Its mark-and-sweep blocks the one Node
// thread for minutes once ~10,000 blobs exist. With --inMemoryPersistence it only frees memory of deleted/overwritten
// extents, so LocalStack turns it off (YUNBAO_AZURITE_BLOB_GC=off): start() leaves the manager Closed, close() is then a no-op.
if (process.env.YUNBAO_AZURITE_BLOB_GC === "off") {
  const path = require("path");
  const file = path.join(path.dirname(path.resolve(target)), "blob", "gc", "BlobGCManager.js");
  const fs = require("fs");
  if (fs.existsSync(file)) {
    require(file).default.prototype.start = async function () {
      this.logger.info("BlobGCManager:start() disabled by Yunbao LocalStack (in-memory Azurite; see tools/Yunbao.DevHost/README.md).");
    };
  } else {
    // Another Azurite layout: run it as it is, and say that its blob GC stays on.
    console.error(`Yunbao LocalStack: ${file} not found; Azurite's blob garbage collection stays on.`);
  }
}
require(target);
