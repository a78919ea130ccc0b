/**
 * The CPU time of the machine's RabbitMQ, for benchmarks that say what a client costs the broker.
 */

/**
 * User + system CPU seconds of the broker's process (the oldest `beam.smp` here: the machine's
 * own broker, not a test node started later), or undefined when none runs here.
 *
 * @example
 * ```ts
 * const before = await brokerCpuSeconds();
 * // ... the work ...
 * const used = (await brokerCpuSeconds())! - before!;
 * ```
 */
export async function brokerCpuSeconds(): Promise<number | undefined> {
  let oldest: { start: number; cpu: number } | undefined;
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      if (!stat.includes("(beam.smp)")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime and starttime are fields 14, 15 and 22 of stat (11, 12, 19 after the name).
      const start = Number(fields[19]);
      if (!oldest || start < oldest.start) {
        oldest = { start, cpu: (Number(fields[11]) + Number(fields[12])) / 100 };
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return oldest?.cpu;
}
