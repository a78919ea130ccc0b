/**
 * Another RabbitMQ version beside this machine's: a Debian root filesystem (built with
 * `debootstrap` from the suite that carries the version wanted, e.g. forky for 4.3) whose
 * `rabbitmq-server` runs under `chroot`. Its nodes share this machine's network and epmd, so
 * they listen on loopback like any other node; each needs its own node name and ports.
 *
 * Building one takes root, `debootstrap` and `apt-get` (a couple of minutes, ~550 MB); it is
 * kept and reused. `/proc`, `/sys` and `/dev` are bound into it before a node starts.
 */
import { run } from "./broker_process.ts";
import { UserError } from "../errors.ts";

/**
 * The path a process inside `root` sees for `hostPath` (which must lie inside `root`).
 *
 * @example
 * ```ts
 * innerPath("/var/lib/r43", "/var/lib/r43/tmp/node-1"); // "/tmp/node-1"
 * ```
 */
export function innerPath(root: string, hostPath: string): string {
  const base = root.replace(/\/+$/, "");
  if (!hostPath.startsWith(`${base}/`)) {
    throw new UserError(`${hostPath} is not inside the RabbitMQ root ${base}`);
  }
  return hostPath.slice(base.length);
}

/**
 * The command line that runs one of RabbitMQ's tools: this machine's own, or the one inside
 * `root` (under `chroot`, so it needs root).
 *
 * @example
 * ```ts
 * rabbitmqCommand("/var/lib/r43", "rabbitmqctl", ["status"]);
 * // { command: "chroot", args: ["/var/lib/r43", "/usr/sbin/rabbitmqctl", "status"] }
 * ```
 */
export function rabbitmqCommand(
  root: string | undefined,
  tool: "rabbitmq-server" | "rabbitmqctl" | "rabbitmq-plugins" | "rabbitmq-diagnostics",
  args: string[],
): { command: string; args: string[] } {
  if (!root) return { command: tool, args };
  return { command: "chroot", args: [root, `/usr/sbin/${tool}`, ...args] };
}

/** Options for {@linkcode ensureRabbitmqRoot}. */
export interface RabbitmqRootOptions {
  /** Where the root lives (kept between runs). */
  dir: string;
  /** The Debian suite that carries the RabbitMQ wanted (`forky` and `sid` carry 4.3). */
  suite: string;
  /** Hears each step of a build (a build takes minutes). */
  onStep?: (message: string) => void;
}

const SYSTEM_DIRS = ["proc", "sys", "dev"];

/**
 * Makes sure a Debian root with `rabbitmq-server` exists at `dir` (building it when missing)
 * and is ready to run nodes: system directories bound in, this machine's `/etc/hosts` copied
 * (epmd needs `localhost`). Throws a {@linkcode UserError} naming what is missing.
 *
 * @example
 * ```ts
 * await ensureRabbitmqRoot({ dir: "/var/lib/rabbitmq-toolkit/rabbitmq-4.3", suite: "forky" });
 * ```
 */
export async function ensureRabbitmqRoot(options: RabbitmqRootOptions): Promise<void> {
  if (!(await exists(`${options.dir}/usr/sbin/rabbitmq-server`))) await buildRoot(options);
  await prepareRoot(options.dir);
}

/** Binds the system directories in (where not yet) and copies `/etc/hosts`. */
async function prepareRoot(dir: string): Promise<void> {
  const mounts = await Deno.readTextFile("/proc/mounts");
  for (const name of SYSTEM_DIRS) {
    if (mounts.includes(` ${dir}/${name} `)) continue;
    await must("mount", ["--bind", `/${name}`, `${dir}/${name}`]);
  }
  await Deno.copyFile("/etc/hosts", `${dir}/etc/hosts`);
}

/** Unbinds the system directories (before a root is moved or removed). */
async function releaseRoot(dir: string): Promise<void> {
  const mounts = await Deno.readTextFile("/proc/mounts");
  for (const name of SYSTEM_DIRS) {
    if (mounts.includes(` ${dir}/${name} `)) await must("umount", ["--lazy", `${dir}/${name}`]);
  }
}

/** debootstrap, then rabbitmq-server from the suite, into `<dir>.partial`, renamed when done. */
async function buildRoot({ dir, suite, onStep = () => {} }: RabbitmqRootOptions): Promise<void> {
  if (Deno.uid() !== 0) {
    throw new UserError(
      `no RabbitMQ root at ${dir}, and building one needs root (debootstrap and chroot)`,
    );
  }
  if (!(await run("debootstrap", ["--version"]))?.success) {
    throw new UserError(
      `no RabbitMQ root at ${dir}, and debootstrap is missing to build one: apt-get install debootstrap`,
    );
  }
  const partial = `${dir}.partial`;
  if (await exists(partial)) {
    await releaseRoot(partial); // never remove a root with /dev bound in
    await Deno.remove(partial, { recursive: true });
  }
  await Deno.mkdir(partial, { recursive: true });
  const mirror = await debianMirror();
  onStep(`building a Debian ${suite} root with RabbitMQ in ${dir} (a few minutes, once)...`);
  // Bookworm's debootstrap has no script for the newest suites; sid's fits them all.
  await must("debootstrap", [
    "--variant=minbase",
    suite,
    partial,
    mirror,
    "/usr/share/debootstrap/scripts/sid",
  ]);
  // Packages must not start services inside the root: the nodes are ours to start.
  await Deno.writeTextFile(`${partial}/usr/sbin/policy-rc.d`, "#!/bin/sh\nexit 101\n", {
    mode: 0o755,
  });
  await Deno.writeTextFile(`${partial}/etc/apt/sources.list`, `deb ${mirror} ${suite} main\n`);
  await prepareRoot(partial);
  try {
    // A suite's Release file can be past its Valid-Until on a mirror: its packages still fit.
    await must("chroot", [partial, "apt-get", "-o", "Acquire::Check-Valid-Until=false", "update"]);
    await must("chroot", [
      partial,
      "apt-get",
      "install",
      "-y",
      "--no-install-recommends",
      "rabbitmq-server",
    ]);
  } finally {
    await releaseRoot(partial);
  }
  await Deno.rename(partial, dir);
  onStep(`RabbitMQ root ready in ${dir}`);
}

/** The Debian mirror this machine's apt uses (so the root comes from the same place). */
async function debianMirror(): Promise<string> {
  const texts = [];
  for (const file of ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"]) {
    texts.push(await Deno.readTextFile(file).catch(() => ""));
  }
  const uris = texts.join("\n").match(/^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+)/gm) ?? [];
  const mirror = uris.map((line) => line.split(/\s+/).pop()!)
    .find((uri) => !uri.includes("security"));
  if (!mirror) {
    throw new UserError("no Debian mirror found in /etc/apt/sources.list(.d) for debootstrap");
  }
  return mirror.replace(/\/+$/, "");
}

/** Runs a command; a failure is a {@linkcode UserError} with its last line of output. */
async function must(command: string, args: string[]): Promise<void> {
  const out = await run(command, args);
  if (out?.success) return;
  const said = out ? out.output.trim().split("\n").pop() : "not installed";
  throw new UserError(`${command} ${args.slice(0, 3).join(" ")} failed: ${said}`);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
