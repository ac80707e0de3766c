// `npm start`: the main job. Until the server and the embedded model land (issues 4 and 5), it
// shows what the core does on real speech: a bundled espeak clip through the audio front end.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start-core-demo.ts'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
