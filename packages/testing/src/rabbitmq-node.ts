import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, keptOutput } from './server';
import { waitFor } from './wait';

/**
 * A RabbitMQ node of a test's own, started from the installed `rabbitmq-server`, that the test may
 * kill with SIGKILL and start again on the same data: the shared broker on 5672 must never be killed,
 * since other suites use it at the same time.
 *
 * How it runs beside the shared node, as the current user (found by trying):
 * - the package's own script, `/usr/lib/rabbitmq/bin/rabbitmq-server`, not `/usr/sbin/rabbitmq-server`,
 *   which switches to the `rabbitmq` user when run as root and writes its output to /var/log/rabbitmq;
 * - its own node name (`myb-kill-<random>@localhost`), AMQP port, distribution port, data and log
 *   folders, an empty plugin list (no MQTT listener on 1884, no management port) and a config file,
 *   all in one temporary folder; `RABBITMQ_CONF_ENV_FILE` points at an empty file there, so
 *   /etc/rabbitmq/rabbitmq-env.conf (the shared node's name) is not read;
 * - `HOME` is that folder too, so Erlang writes a cookie of its own there (the shared node's is
 *   readable only by the `rabbitmq` user);
 * - it registers with the machine's epmd on 127.0.0.1:4369, as the shared node does; if none runs,
 *   Erlang starts one (listening on loopback), which outlives the node as epmd always does.
 *
 * The script stays in the foreground as the parent of `beam.smp` (the Erlang VM, which is the broker):
 * `kill9()` sends SIGKILL to `beam.smp` itself, whose process id RabbitMQ writes to its pid file.
 *
 * After an unclean stop, RabbitMQ 3.10 (Ra 2.2) sometimes recovers a single-member quorum queue as a
 * follower that never calls an election: it keeps its messages but answers no consumer, for good
 * (rabbitmq/rabbitmq-server#10070; here, reliably for a queue declared shortly before the kill). `restart()`
 * therefore resolves only once every quorum queue has a leader, and starts the election itself, as
 * an operator would with `rabbitmqctl eval 'ra:trigger_election(…)'`, for a queue still leaderless
 * a few seconds after the node accepts connections; `electionsTriggered` lists those queues.
 */
export interface RabbitmqNode {
  nodeName: string;
  port: number;
  /** `amqp://guest:guest@127.0.0.1:<port>`; guest may connect from loopback. */
  url: string;
  /** How long each start took until the AMQP port accepted connections, in ms; the first is the cold start. */
  startTimesMs: number[];
  /** Quorum queues `restart()` had to start an election for (see above), one entry per time. */
  electionsTriggered: string[];
  /** The running `beam.smp`'s process id, or undefined between `kill9()` and `restart()`. */
  beamPid(): number | undefined;
  /** SIGKILL to `beam.smp`, as `kill -9` would; resolves once it and its wrapper are gone. */
  kill9(): Promise<void>;
  /**
   * Starts the node again on the same data folder; resolves once the AMQP port accepts connections
   * and every quorum queue has a leader.
   */
  restart(): Promise<void>;
  /** Stops the node (SIGTERM, SIGKILL after 30 s) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** What the node printed and the tail of its log file, for a failing test's report. */
  output(): Promise<string>;
}

const SCRIPT_VARIABLE = 'MYB_RABBITMQ_SERVER';
const DEFAULT_SCRIPT = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT_CHARS = 200_000;
/** Ra elects a single member within a second of recovery; a queue leaderless this long is stuck. */
const LEADERLESS_GRACE_MS = 5_000;

const run = promisify(execFile);

/**
 * Erlang run on the node by `rabbitmqctl eval`: prints the Ra names of the quorum queues without a
 * leader, one per line; with `Elect` true it also asks each of them to call an election.
 */
const leaderlessQueues = (elect: boolean) =>
  [
    'Leaderless = [RaName || Q <- rabbit_amqqueue:list(), amqqueue:get_type(Q) =:= rabbit_quorum_queue,',
    '  {RaName, _} <- [amqqueue:get_pid(Q)], ra_leaderboard:lookup_leader(RaName) =:= undefined],',
    `[ra:trigger_election({RaName, node()}) || ${elect}, RaName <- Leaderless],`,
    '[io:format("leaderless ~s~n", [RaName]) || RaName <- Leaderless], ok.',
  ].join(' ');

/** The `rabbitmq-server` script to run, if it exists: `MYB_RABBITMQ_SERVER`, else the Debian/Ubuntu package's. */
export function rabbitmqServerScript(): string | undefined {
  const configured = process.env[SCRIPT_VARIABLE];
  const script = configured !== undefined && configured !== '' ? configured : DEFAULT_SCRIPT;
  return existsSync(script) ? script : undefined;
}

/** Like `hasServices`: true when a node can be started; under `CI=true` a missing script fails the suite. */
export function hasRabbitmqServer(suite: string): boolean {
  if (rabbitmqServerScript() !== undefined) {
    return true;
  }
  const how = `install the rabbitmq-server package (${DEFAULT_SCRIPT}) or set ${SCRIPT_VARIABLE}`;
  if (process.env.CI === 'true') {
    throw new Error(
      `${suite}: no rabbitmq-server to start a private node; ${how}. Under CI=true this suite must run.`,
    );
  }
  console.warn(`\n!!! SKIPPED ${suite}: no rabbitmq-server to start a private node; ${how} !!!\n`);
  return false;
}

/** The runner's environment without anything RabbitMQ or Erlang would read as its own settings. */
function nodeEnvironment(dir: string, nodeName: string, port: number, distPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(RABBITMQ_|ERL_)/.test(name) && name !== 'NODENAME' && name !== 'HOME') {
      env[name] = value;
    }
  }
  return {
    ...env,
    HOME: dir,
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(dir, 'data'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'beam.pid'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    // Inter-node traffic on loopback only, as the shared node is set up.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a private node and resolves once its AMQP port accepts connections. */
export async function startRabbitmqNode(name = 'kill'): Promise<RabbitmqNode> {
  const script = rabbitmqServerScript();
  if (script === undefined) {
    throw new Error(`no rabbitmq-server found (${DEFAULT_SCRIPT}, or set ${SCRIPT_VARIABLE})`);
  }
  const dir = await mkdtemp(join(tmpdir(), `myb-rabbitmq-${name}-`));
  const nodeName = `myb-${name}-${randomBytes(4).toString('hex')}@localhost`;
  const port = await freePort();
  let distPort = await freePort();
  while (distPort === port) {
    distPort = await freePort();
  }
  await writeFile(join(dir, 'rabbitmq-env.conf'), '');
  await writeFile(join(dir, 'enabled_plugins'), '[].\n');
  await writeFile(
    join(dir, 'rabbitmq.conf'),
    ['log.console = false', 'log.file.level = info', 'loopback_users.guest = true', ''].join('\n'),
  );
  const env = nodeEnvironment(dir, nodeName, port, distPort);
  const pidFile = join(dir, 'beam.pid');
  const rabbitmqctl = join(dirname(script), 'rabbitmqctl');

  /** The quorum queues without a leader, electing them first when `elect` is true. */
  const leaderless = async (elect: boolean): Promise<string[]> => {
    const { stdout } = await run(rabbitmqctl, ['-n', nodeName, 'eval', leaderlessQueues(elect)], {
      env,
      timeout: 30_000,
    });
    return [...stdout.matchAll(/^leaderless (.+)$/gm)].map((match) => match[1]!);
  };

  /** Waits for every quorum queue to have a leader, starting the election of those stuck without one. */
  const everyQueueLed = async () => {
    const acceptedAt = performance.now();
    await waitFor(
      async () => {
        const stuck = performance.now() - acceptedAt >= LEADERLESS_GRACE_MS;
        const names = await leaderless(stuck);
        if (stuck && names.length > 0) {
          node.electionsTriggered.push(...names);
          keep(
            Buffer.from(
              `\n[${nodeName}] no leader after ${LEADERLESS_GRACE_MS} ms: election started for ${names.join(', ')}\n`,
            ),
          );
        }
        return names.length === 0 ? true : undefined;
      },
      `every quorum queue of ${nodeName} to have a leader`,
      START_TIMEOUT_MS,
    );
  };

  let wrapper: ChildProcess | undefined;
  let wrapperExited: Promise<void> = Promise.resolve();
  let beam: number | undefined;
  let stopped = false;
  const printed = keptOutput(OUTPUT_KEPT_CHARS);
  const keep = (chunk: Buffer) => printed.push(chunk.toString());

  /** Everything of this node, whatever state it is in: its process group, then `beam.smp` itself. */
  const killEverything = () => {
    for (const pid of [wrapper?.pid === undefined ? undefined : -wrapper.pid, beam]) {
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  };
  // A runner that exits without calling stop() (a crash, Ctrl-C) still leaves no broker behind.
  const onExit = () => {
    killEverything();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const node: RabbitmqNode = {
    nodeName,
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    startTimesMs: [],
    electionsTriggered: [],
    beamPid: () => beam,

    async restart() {
      if (wrapper !== undefined && wrapper.exitCode === null && wrapper.signalCode === null) {
        throw new Error(`${nodeName} is still running`);
      }
      await rm(pidFile, { force: true });
      const startedAt = performance.now();
      // Its own process group, so stop() reaches the script, beam.smp and erl_child_setup at once.
      const child = spawn(script, [], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      wrapper = child;
      wrapperExited = new Promise((resolve) => child.once('exit', () => resolve()));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', (error) =>
        keep(Buffer.from(`\n[${nodeName}] could not start ${script}: ${error.message}\n`)),
      );
      try {
        beam = await waitFor(
          async () => {
            if (child.exitCode !== null || child.signalCode !== null) {
              throw new Error(
                `${nodeName} exited while starting (${child.signalCode ?? `exit ${child.exitCode}`})`,
              );
            }
            if (!(await accepts(port))) {
              return undefined;
            }
            const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
            return pid > 0 ? pid : undefined;
          },
          `${nodeName} to accept AMQP connections on 127.0.0.1:${port}`,
          START_TIMEOUT_MS,
        );
        await everyQueueLed();
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await node.output()}`, { cause: error });
      }
      node.startTimesMs.push(Math.round(performance.now() - startedAt));
    },

    async kill9() {
      if (beam === undefined) {
        throw new Error(`${nodeName} is not running`);
      }
      const pid = beam;
      process.kill(pid, 'SIGKILL');
      beam = undefined;
      await waitFor(() => (alive(pid) ? undefined : true), `beam.smp ${pid} to die`, 10_000);
      // The script waits on beam.smp and exits with it.
      await wrapperExited;
    },

    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      if (wrapper !== undefined && wrapper.exitCode === null && wrapper.signalCode === null) {
        // The script turns SIGTERM into a clean stop of the node.
        wrapper.kill('SIGTERM');
        const timedOut = await Promise.race([
          wrapperExited.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_TIMEOUT_MS).unref()),
        ]);
        if (timedOut) {
          keep(
            Buffer.from(`\n[${nodeName}] did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it\n`),
          );
        }
      }
      // Whatever is left of it (nothing, after a clean stop).
      killEverything();
      await wrapperExited;
      beam = undefined;
      process.removeListener('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },

    async output() {
      const log = await readFile(join(dir, 'log', `${nodeName}.log`), 'utf8').catch(() => '');
      return [
        `----- ${nodeName}: output -----`,
        printed.text().slice(-8_000),
        `----- ${nodeName}: log (tail) -----`,
        log.slice(-8_000),
        `----- end of ${nodeName} -----`,
      ].join('\n');
    },
  };

  try {
    await node.restart();
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}
