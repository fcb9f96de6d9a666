import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { wallClockMs } from './stats';

/** What /proc counts CPU time in. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time every core spent working since boot, in ticks: user, nice, system, irq, softirq (not idle, iowait or steal). */
function machineTicks(): number {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user! + nice! + system! + irq! + softirq!;
}

/** A process's user and system CPU time in ticks, NaN once it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name, in parentheses, may hold spaces: count fields from after it (utime and stime are fields 14 and 15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

interface Sample {
  at: number;
  machine: number;
  processes: Record<string, number>;
}

/** CPU time used in a window, in milliseconds: the whole machine's, and each watched process's. */
export interface CpuUse {
  machineMs: number;
  processesMs: Record<string, number>;
}

/**
 * Samples the machine's CPU time and that of the processes it watches every `intervalMs`, so the CPU a
 * load cost can be read afterwards for the window it ran in (interpolated between samples). The whole
 * machine's is what a figure on two shared cores comes down to: PostgreSQL, the broker, the load
 * generator and the kernel's share of loopback networking included, processes that ended included.
 */
export function startCpuMeter(intervalMs = 50) {
  const watched = new Map<string, number>();
  const samples: Sample[] = [];
  const take = () => {
    samples.push({
      at: wallClockMs(),
      machine: machineTicks(),
      processes: Object.fromEntries([...watched].map(([name, pid]) => [name, processTicks(pid)])),
    });
  };
  take();
  const timer = setInterval(take, intervalMs);

  /** A counter's value at `at`, interpolated between the samples around it. */
  const valueAt = (at: number, read: (sample: Sample) => number | undefined): number => {
    let after = samples.findIndex((sample) => sample.at >= at);
    if (after === -1) {
      take();
      after = samples.length - 1;
    }
    const next = samples[after]!;
    const previous = samples[Math.max(0, after - 1)]!;
    const [a, b] = [read(previous) ?? NaN, read(next) ?? NaN];
    const span = next.at - previous.at;
    return span <= 0 ? b : a + ((b - a) * (at - previous.at)) / span;
  };
  const toMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

  return {
    /** Samples `pid` too from now on, as `name`. */
    watch(name: string, pid: number): void {
      watched.set(name, pid);
      take();
    },
    /** `reported`: the CPU of processes that measured their own (a loader that has exited since), added as they are. */
    between(from: number, to: number, reported: Record<string, number | undefined> = {}): CpuUse {
      const machineMs = toMs(valueAt(to, (s) => s.machine) - valueAt(from, (s) => s.machine));
      const processesMs = Object.fromEntries(
        [...watched.keys()].map((name) => [
          name,
          toMs(valueAt(to, (s) => s.processes[name]) - valueAt(from, (s) => s.processes[name])),
        ]),
      );
      for (const [name, ms] of Object.entries(reported)) {
        if (ms !== undefined) {
          processesMs[name] = ms;
        }
      }
      return { machineMs, processesMs };
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
export type CpuMeter = ReturnType<typeof startCpuMeter>;

/** CPU per operation in microseconds: the machine's, and each watched process's that was alive throughout. */
export interface CpuPerOperation {
  machineUs: number;
  processesUs: Record<string, number>;
}

export function perOperation(use: CpuUse, operations: number): CpuPerOperation {
  const us = (ms: number) => (ms * 1000) / operations;
  return {
    machineUs: us(use.machineMs),
    processesUs: Object.fromEntries(
      Object.entries(use.processesMs)
        .filter(([, ms]) => Number.isFinite(ms))
        .map(([name, ms]) => [name, us(ms)]),
    ),
  };
}
