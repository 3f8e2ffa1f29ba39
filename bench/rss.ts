/** Resident memory of a process, for the benches that watch a child's memory. */
import { readFileSync } from 'node:fs';

/** Resident memory of process `pid` in MB (Linux /proc); 0 when it cannot be read (the process ended). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
