import type { FaultPoint } from './handle-message';

/** Names the test hook's variable; undocumented for users on purpose: it kills the agent. */
export const FAULT_VARIABLE = 'MYB_TEST_AGENT_KILL_AT';

/**
 * `MYB_TEST_AGENT_KILL_AT=after-send:3` ends the process with SIGKILL the third time handling
 * reaches `after-send` — the same death as `kill -9`, at a point a test chooses, with no chance to
 * flush or close anything. Unset, it does nothing.
 */
export function faultHookFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): ((point: FaultPoint) => void) | undefined {
  const setting = environment[FAULT_VARIABLE];
  if (setting === undefined || setting === '') {
    return undefined;
  }
  const [point, nth = '1'] = setting.split(':');
  let seen = 0;
  return (reached) => {
    if (reached === point) {
      seen += 1;
      if (seen === Number(nth)) {
        process.kill(process.pid, 'SIGKILL');
      }
    }
  };
}
