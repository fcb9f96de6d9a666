import type { AgentPresenceV1 } from '@myb/contracts';

export const DEFAULT_HEARTBEAT_SECONDS = 30;

/** One presence message; `since` is when this agent process connected, so the server tells sessions apart. */
export function buildPresence(
  merchant: string,
  supplier: string,
  agent: string,
  status: AgentPresenceV1['status'],
  since: Date,
  heartbeatSeconds: number,
): Buffer {
  const presence: AgentPresenceV1 = {
    type: 'agent.presence',
    version: 1,
    merchant,
    supplier,
    agent,
    status,
    since: since.toISOString(),
    at: new Date().toISOString(),
    heartbeatSeconds,
  };
  return Buffer.from(JSON.stringify(presence));
}
