// Fails, naming each place, if a tracked file still holds a merge's conflict markers: TypeScript finds
// them in code, but nothing else would in the README, the docs or the SQL.
import { execFileSync } from 'node:child_process';

let found = '';
try {
  found = execFileSync('git', ['grep', '-nE', '^(<<<<<<< |>>>>>>> |=======$)', '--', '.', ':!*.png'], {
    encoding: 'utf8',
  });
} catch (error) {
  // git grep exits 1 when nothing matches.
  if (error.status !== 1) {
    throw error;
  }
}
if (found) {
  process.stderr.write(`Conflict markers left by a merge:\n${found}`);
  process.exit(1);
}
