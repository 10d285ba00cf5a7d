import { readFileSync } from 'node:fs'

// Linux reports CPU time in clock ticks; every distribution we run on uses 100 per second.
const TICKS_PER_SECOND = 100

/**
 * CPU seconds (user + system, every thread) that process `pid` has used so far. On a shared machine
 * this is the stable figure: requests per second move with whatever else runs, CPU per request does not.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) / TICKS_PER_SECOND
}
