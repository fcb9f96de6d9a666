import { z } from 'zod';

/**
 * A message published to the broker that no device (supplier agent) has taken for longer than the
 * server's threshold: nothing is wrong with the message, but nobody is reading it. Measured on the
 * database's clock.
 */
export const notTakenSchema = z.object({
  /** When it was last published, and how many whole seconds ago. */
  since: z.iso.datetime({ offset: true }),
  seconds: z.int().min(0),
  /** The sentence the order page and Messages show. */
  message: z.string(),
});
export type NotTaken = z.infer<typeof notTakenSchema>;

/** "45 seconds", "1 minute", "10 minutes", "3 hours", "2 days": how long, in words. */
export function durationInWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) {
    return plural(seconds, 'second');
  }
  if (seconds < 2 * 60 * 60) {
    return plural(Math.floor(seconds / 60), 'minute');
  }
  if (seconds < 2 * 24 * 60 * 60) {
    return plural(Math.floor(seconds / 3600), 'hour');
  }
  return plural(Math.floor(seconds / 86_400), 'day');
}

export function notTakenMessage(seconds: number): string {
  return `No device has taken this message for ${durationInWords(seconds)}: is the supplier's agent running?`;
}
