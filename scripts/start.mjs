// `npm start`: serves Earshot on the embedded model (packages/server: `earshot serve`) and the web
// demo page (packages/web/demo, vite), and prints their URLs. Arguments after `--` go to
// `earshot serve`, e.g. `npm start -- --port 9000`; EARSHOT_DEMO_PORT moves the demo (default 5173).
import { spawn } from 'node:child_process';

/** The server's port from `--port N`, `--port=N` or EARSHOT_PORT (default 8000), for the demo's remote mode. */
function serverPort(args) {
  const at = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at < 0) return process.env.EARSHOT_PORT ?? '8000';
  return args[at].includes('=') ? args[at].split('=')[1] : (args[at + 1] ?? '8000');
}

/** Port of the demo page (vite dev server, packages/web/demo). */
const demoPort = process.env.EARSHOT_DEMO_PORT ?? '5173';

/** Processes `npm start` runs; all stop together. */
const children = [
  spawn(process.execPath, ['packages/server/bin/earshot.mjs', 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  }),
  // The web demo (issue 6): the page, the in-page engine and the embedded model, with a switch to
  // this server (`?server=` points it at the server's Realtime URL).
  spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      '--port',
      demoPort,
      '--strictPort',
      '--clearScreen',
      'false',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  ),
];
console.log(
  `  Demo page           http://localhost:${demoPort}/?server=ws://127.0.0.1:${serverPort(process.argv.slice(2))}/v1/realtime`,
);

let exitCode = 0;
for (const child of children) {
  child.on('exit', (code, signal) => {
    exitCode ||= code ?? (signal === null ? 0 : 1);
    for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
}
// Ctrl-C reaches the whole process group, the children included: wait for them to stop.
process.on('SIGINT', () => {});
// A SIGTERM sent to this process alone is passed on, so that the server shuts down gracefully.
process.on('SIGTERM', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});
