/** The shape the agent logs through; a pino logger fits it as it is. */
export interface AgentLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type Level = 'info' | 'warn' | 'error';
const LEVEL_NUMBERS: Record<Level, number> = { info: 30, warn: 40, error: 50 };

function serializable(obj: object): object {
  // Errors carry their message and stack in non-enumerable properties JSON.stringify would drop.
  return Object.fromEntries(
    Object.entries(obj).map(([key, value]) =>
      value instanceof Error
        ? [key, { name: value.name, message: value.message, stack: value.stack }]
        : [key, value],
    ),
  );
}

/** JSON lines on stderr, in pino's field names so the same tools read both. */
export function createStderrLogger(name = 'supplier-agent'): AgentLogger {
  const write = (level: Level) => (obj: object, msg?: string) => {
    const line = { level: LEVEL_NUMBERS[level], time: Date.now(), name, ...serializable(obj), msg };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
