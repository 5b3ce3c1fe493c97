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
require(target);
