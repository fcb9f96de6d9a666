import { Command } from 'commander';
import { startAgent, type AgentOptions } from './agent';
import {
  agentOptionsFromCli,
  cliOptions,
  configPathFrom,
  readConfigFile,
  type CliValues,
} from './cli-options';
import { checkHealth } from './health';
import { faultHookFromEnvironment } from './fault-hook';
import { createStderrLogger } from './logger';

const program = new Command('myb-supplier-agent')
  .description(
    "Subscribes to a merchant's orders for one supplier over AMQP or MQTT, e-mails the supplier's people, then acknowledges.\n" +
      'Every flag can also be set by the environment variable shown.',
  )
  .showHelpAfterError('(add --help for the flags)');
// A config file only supplies defaults: a flag or an environment variable still wins over it.
const configPath = configPathFrom(process.argv, process.env);
const fromFile = await (configPath === undefined ? Promise.resolve({}) : readConfigFile(configPath)).catch(
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return process.exit(1);
  },
);
for (const option of cliOptions()) {
  const value: unknown = (fromFile as Record<string, unknown>)[option.attributeName()];
  if (value !== undefined) {
    option.default(value);
  }
  program.addOption(option);
}
program.parse();

function readOptions(): AgentOptions {
  try {
    return agentOptionsFromCli(program.opts<CliValues>());
  } catch (error) {
    return program.error(`error: ${(error as Error).message}`);
  }
}

if (program.opts<CliValues>().health) {
  const report = await checkHealth(readOptions());
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
}

const logger = createStderrLogger();
const agent = startAgent({ ...readOptions(), logger, faultHook: faultHookFromEnvironment() });

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn({ signal }, 'second signal; exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'closing: finishing the e-mail in hand');
  agent.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'could not close cleanly');
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

agent.ready.then(
  () => logger.info({}, 'ready'),
  (error: unknown) => {
    if (!stopping) {
      logger.error({ err: error }, 'could not subscribe');
      process.exit(1);
    }
  },
);
