/**
 * One RabbitMQ node of our own on this machine, from the installed `rabbitmq-server` or from a
 * Debian root holding another version (run under `chroot`): its own node name, AMQP,
 * management and distribution ports and data directory, so it never touches the machine's own
 * broker. It can be SIGKILLed and started again on the same data.
 */
import { isListening, run } from "./broker_process.ts";
import { innerPath, rabbitmqCommand } from "./debian_root.ts";
import { UserError } from "../errors.ts";
import { sleep } from "../_util/mod.ts";

/** Options for {@linkcode LocalNode.create}. */
export interface LocalNodeOptions {
  /** Erlang node name, such as `cluster-1@localhost`. */
  nodeName: string;
  /** Directory for the node's config, data, logs and pid file (created if missing). */
  dir: string;
  amqpPort: number;
  /** Inter-node (Erlang distribution) port. */
  distPort: number;
  /** Management API port; without it the node runs no management plugin (starts faster). */
  managementPort?: number;
  /** Extra lines for the node's rabbitmq.conf. */
  extraConfig?: string;
  /**
   * A TLS-only node: AMQPS on `amqpPort` (no plain listener), the management API over https.
   * The PEM files are copied into the node's directory.
   */
  tls?: NodeTls;
  /** Prometheus plugin port; without it the node runs no Prometheus plugin. */
  prometheusPort?: number;
  /**
   * Stream protocol port (`rabbitmq_stream` plugin, RabbitMQ 3.9+); without it the node runs no
   * stream plugin. Its listener advertises `localhost`.
   */
  streamPort?: number;
  /**
   * A Debian root filesystem whose `rabbitmq-server` runs this node (another RabbitMQ version
   * than this machine's, see `debian_root.ts`); `dir` must then lie inside it.
   */
  root?: string;
}

/** A TLS node's certificate files (PEM), and whether clients must present one of their own. */
export interface NodeTls {
  /** The CA that signed the node's certificate and the clients' ones. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Mutual TLS: refuse a client without a certificate the CA signed (`fail_if_no_peer_cert`). */
  requireClientCert: boolean;
  /** Also listen for plain AMQP on this port (to compare the two); without it, TLS only. */
  plainPort?: number;
}

/**
 * Started by root, rabbitmq-server runs as the `rabbitmq` user: hand it these paths (a no-op
 * for other users, who run it as themselves).
 *
 * @example
 * ```ts
 * await giveToRabbitmq(["/tmp/cluster"]);
 * ```
 */
export async function giveToRabbitmq(paths: string[], root = ""): Promise<void> {
  const owner = await Deno.stat(`${root}/var/lib/rabbitmq`).catch(() => undefined);
  if (!owner || Deno.uid() !== 0) return;
  for (const path of paths) await Deno.chown(path, owner.uid, owner.gid);
}

/** How long a node may take to boot on a busy two-core machine. */
const START_TIMEOUT_MS = 120_000;

/**
 * A node that runs detached: it outlives the process that started it until stopped or killed.
 *
 * @example
 * ```ts
 * const node = await LocalNode.create({ nodeName: "solo@localhost", dir: "/tmp/solo",
 *   amqpPort: 5680, distPort: 25680 });
 * await node.start();
 * console.log(node.amqpUrl); // amqp://guest:guest@127.0.0.1:5680
 * await node.kill();
 * ```
 */
export class LocalNode {
  readonly options: LocalNodeOptions;

  private constructor(options: LocalNodeOptions) {
    this.options = options;
  }

  /** Writes the node's configuration into its directory (owned by the `rabbitmq` user). */
  static async create(options: LocalNodeOptions): Promise<LocalNode> {
    const { dir, amqpPort, managementPort, prometheusPort, streamPort } = options;
    if (options.root) innerPath(options.root, dir); // refuses a directory outside the root
    await Deno.mkdir(dir, { recursive: true });
    const tlsLines = options.tls ? await tlsConfig(options) : undefined;
    const config = [
      ...(tlsLines ?? [
        `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
        ...(managementPort ? [`management.tcp.port = ${managementPort}`] : []),
      ]),
      ...(prometheusPort ? [`prometheus.tcp.port = ${prometheusPort}`] : []),
      ...(streamPort ? [`stream.listeners.tcp.1 = 127.0.0.1:${streamPort}`] : []),
      options.extraConfig ?? "",
    ].join("\n");
    await Deno.writeTextFile(`${dir}/rabbitmq.conf`, config + "\n");
    const plugins = [
      ...(managementPort ? ["rabbitmq_management"] : []),
      ...(prometheusPort ? ["rabbitmq_prometheus"] : []),
      ...(streamPort ? ["rabbitmq_stream"] : []),
    ];
    await Deno.writeTextFile(`${dir}/enabled_plugins`, `[${plugins.join(",")}].\n`);
    await giveToRabbitmq(
      [dir, `${dir}/rabbitmq.conf`, `${dir}/enabled_plugins`],
      options.root,
    );
    return new LocalNode(options);
  }

  /** Erlang node name. */
  get name(): string {
    return this.options.nodeName;
  }

  /** AMQP URL of this node (guest may connect: it is on loopback); amqps for a TLS node. */
  get amqpUrl(): string {
    const scheme = this.options.tls ? "amqps" : "amqp";
    return `${scheme}://guest:guest@127.0.0.1:${this.options.amqpPort}`;
  }

  /** Management API base URL, when the node runs the plugin; https for a TLS node. */
  get managementUrl(): string | undefined {
    const port = this.options.managementPort;
    return port ? `${this.options.tls ? "https" : "http"}://127.0.0.1:${port}` : undefined;
  }

  /** Prometheus plugin base URL, when the node runs the plugin. */
  get prometheusUrl(): string | undefined {
    const port = this.options.prometheusPort;
    return port ? `http://127.0.0.1:${port}` : undefined;
  }

  /** Stream protocol URL of this node, when it runs the stream plugin. */
  get streamUrl(): string | undefined {
    const port = this.options.streamPort;
    return port ? `rabbitmq-stream://guest:guest@127.0.0.1:${port}` : undefined;
  }

  get #env(): Record<string, string> {
    const { nodeName, amqpPort, distPort, root } = this.options;
    // The node sees its directory from inside its root.
    const dir = root ? innerPath(root, this.options.dir) : this.options.dir;
    return {
      RABBITMQ_NODENAME: nodeName,
      // A TLS node has no plain listener: its config says where it listens.
      ...(this.options.tls ? {} : { RABBITMQ_NODE_PORT: String(amqpPort) }),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: `${dir}/mnesia`,
      RABBITMQ_LOG_BASE: `${dir}/log`,
      RABBITMQ_ENABLED_PLUGINS_FILE: `${dir}/enabled_plugins`,
      RABBITMQ_CONFIG_FILE: `${dir}/rabbitmq`,
      RABBITMQ_PID_FILE: `${dir}/pid`,
    };
  }

  /** Whether the node accepts AMQP connections. */
  async running(): Promise<boolean> {
    return await isListening("127.0.0.1", this.options.amqpPort);
  }

  /** Starts the node (again, on the same data) and waits until it accepts connections. */
  async start(): Promise<void> {
    // Something else on the port would look like this node having started.
    if (await this.running()) {
      throw new UserError(
        `port ${this.options.amqpPort} is already taken, so ${this.name} cannot listen there; stop what uses it or choose other ports`,
      );
    }
    let spawned: Deno.CommandOutput;
    try {
      const { command, args } = rabbitmqCommand(this.options.root, "rabbitmq-server", [
        "-detached",
      ]);
      spawned = await new Deno.Command(command, {
        args,
        env: this.#env,
        cwd: this.options.dir,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch {
      throw new UserError(
        "rabbitmq-server is not installed here (apt-get install rabbitmq-server), or use docker compose --profile cluster up",
      );
    }
    if (!spawned.success) {
      const said = new TextDecoder().decode(spawned.stderr).trim().split("\n")[0];
      throw new UserError(`rabbitmq-server could not start ${this.name}: ${said}`);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await this.running())) {
      if (Date.now() > deadline) {
        throw new UserError(
          `${this.name} did not listen on port ${this.options.amqpPort} within ${
            START_TIMEOUT_MS / 1000
          }s (logs in ${this.options.dir}/log${await this.#lastLogLine()})`,
        );
      }
      await sleep(250);
    }
  }

  /** The last line of the node's log, to say why it did not start (`; last: …`), or "". */
  async #lastLogLine(): Promise<string> {
    const text = await Deno.readTextFile(`${this.options.dir}/log/${this.name}.log`)
      .catch(() => "");
    const last = text.trim().split("\n").pop()?.trim();
    return last ? `; last: ${last.slice(0, 300)}` : "";
  }

  /** Runs `rabbitmqctl` against this node; throws with its output when it fails. */
  async ctl(...args: string[]): Promise<string> {
    const ctl = rabbitmqCommand(this.options.root, "rabbitmqctl", ["-n", this.name, ...args]);
    const out = await run(ctl.command, ctl.args);
    if (!out?.success) {
      throw new UserError(
        `rabbitmqctl -n ${this.name} ${args.join(" ")} failed: ${
          out?.output.trim() ?? "not found"
        }`,
      );
    }
    return out.output;
  }

  /** SIGKILLs the node (no clean shutdown) and waits until its port is closed. */
  async kill(): Promise<void> {
    const pid = Number((await Deno.readTextFile(`${this.options.dir}/pid`)).trim());
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    while (await this.running()) await sleep(100);
  }

  /**
   * Stops the node cleanly if it runs (SIGKILL if that fails); the data stays. A node whose VM
   * is up but whose listener is not (it could not bind its port) is stopped too: it would keep
   * its node name taken.
   */
  async stop(): Promise<void> {
    const vmAlive = () => this.#vmAlive();
    if (!(await this.running()) && !(await vmAlive())) return;
    await this.ctl("stop").catch(() => this.kill());
    while ((await this.running()) || (await vmAlive())) await sleep(100);
  }

  /** Whether the Erlang VM its pid file names is still alive (Linux: it has a /proc entry). */
  async #vmAlive(): Promise<boolean> {
    const pid = (await Deno.readTextFile(`${this.options.dir}/pid`).catch(() => "")).trim();
    if (!/^\d+$/.test(pid)) return false;
    const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
    return status !== "" && !/^State:\s+Z/m.test(status); // a zombie is gone but for its parent
  }
}

/**
 * The config lines of a TLS-only node, with its PEM files copied into its directory (where the
 * `rabbitmq` user, and a node in a Debian root, can read them).
 */
async function tlsConfig(options: LocalNodeOptions): Promise<string[]> {
  const tls = options.tls!;
  const dir = `${options.dir}/tls`;
  await Deno.mkdir(dir, { recursive: true });
  const files = { cacertfile: tls.caFile, certfile: tls.certFile, keyfile: tls.keyFile };
  const seen: Record<string, string> = {};
  for (const [key, from] of Object.entries(files)) {
    const to = `${dir}/${key}.pem`;
    await Deno.copyFile(from, to);
    seen[key] = options.root ? innerPath(options.root, to) : to;
  }
  await giveToRabbitmq(
    [dir, ...Object.keys(files).map((key) => `${dir}/${key}.pem`)],
    options.root,
  );
  const ssl = (prefix: string) =>
    Object.entries(seen).map(([key, path]) => `${prefix}.${key} = ${path}`);
  return [
    tls.plainPort ? `listeners.tcp.default = 127.0.0.1:${tls.plainPort}` : "listeners.tcp = none",
    `listeners.ssl.default = 127.0.0.1:${options.amqpPort}`,
    ...ssl("ssl_options"),
    "ssl_options.verify = verify_peer",
    `ssl_options.fail_if_no_peer_cert = ${tls.requireClientCert}`,
    ...(options.managementPort
      ? [
        `management.ssl.port = ${options.managementPort}`,
        `management.ssl.ip = 127.0.0.1`,
        ...ssl("management.ssl"),
      ]
      : []),
  ];
}
