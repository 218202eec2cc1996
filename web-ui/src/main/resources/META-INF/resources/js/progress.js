// Reads the deployer's staging messages, e.g. "staging root: 1048576 of 33554432 bytes (3%)".
const PATTERN = /^(.*?):?\s*(\d+) of (\d+) bytes \((\d+)%\)/;

/** {phase, done, total, percent} for a progress message, or null when it carries no numbers. */
export function parseProgress(message) {
  const m = PATTERN.exec(message || '');
  if (!m) {
    return null;
  }
  return {
    phase: m[1].trim(),
    done: Number(m[2]),
    total: Number(m[3]),
    percent: Math.min(100, Number(m[4])),
  };
}

/** Deployment states in the order a successful deployment passes through them. */
export const STEPS = ['PENDING', 'STAGING', 'BOOTING', 'READY'];

/** States after which nothing changes without a new request. */
export const FINAL = ['READY', 'FAILED', 'DESTROYED', 'STOPPED'];

/** States in which the deployment still changes by itself; worth polling. */
export const MOVING = ['PENDING', 'STAGING', 'BOOTING', 'DESTROYING', 'STOPPING', 'STARTING', 'REBOOTING'];
