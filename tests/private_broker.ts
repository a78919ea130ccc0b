/**
 * A private RabbitMQ node for one test file: its own node name, AMQP and distribution ports and
 * data directory, from the installed `rabbitmq-server`. Tests that kill a broker kill this one,
 * never the shared broker. It can be SIGKILLed and started again on the same data.
 */

/** A free TCP port on loopback, as the OS hands it out. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

async function listening(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}

/** A running (or killed) private node. */
export class PrivateBroker {
  readonly dir: string;
  readonly port: number;
  readonly #env: Record<string, string>;
  #child?: Deno.ChildProcess;

  private constructor(dir: string, port: number, env: Record<string, string>) {
    this.dir = dir;
    this.port = port;
    this.#env = env;
  }

  /** AMQP URL of this node. */
  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** Creates the node's directory and starts it; resolves once it accepts connections. */
  static async start(): Promise<PrivateBroker> {
    const dir = await Deno.makeTempDir({ prefix: "private-rabbitmq-" });
    const port = freePort();
    await Deno.writeTextFile(`${dir}/rabbitmq.conf`, `listeners.tcp.default = 127.0.0.1:${port}\n`);
    await Deno.writeTextFile(`${dir}/enabled_plugins`, "[].\n");
    // rabbitmq-server runs as the rabbitmq user when started by root: give it the directory.
    const owner = await Deno.stat("/var/lib/rabbitmq");
    for (const path of [dir, `${dir}/rabbitmq.conf`, `${dir}/enabled_plugins`]) {
      await Deno.chown(path, owner.uid, owner.gid);
    }
    const broker = new PrivateBroker(dir, port, {
      RABBITMQ_NODENAME: `test-${crypto.randomUUID().slice(0, 8)}@localhost`,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(freePort()),
      RABBITMQ_MNESIA_BASE: `${dir}/mnesia`,
      RABBITMQ_LOG_BASE: `${dir}/log`,
      RABBITMQ_ENABLED_PLUGINS_FILE: `${dir}/enabled_plugins`,
      RABBITMQ_CONFIG_FILE: `${dir}/rabbitmq`,
      RABBITMQ_PID_FILE: `${dir}/pid`,
    });
    await broker.restart();
    return broker;
  }

  /** Starts the node (again, on the same data) and waits until it accepts connections. */
  async restart(): Promise<void> {
    this.#child = new Deno.Command("rabbitmq-server", {
      env: this.#env,
      cwd: this.dir,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const deadline = Date.now() + 90_000;
    while (!(await listening(this.port))) {
      if (Date.now() > deadline) {
        throw new Error(`private broker did not start on ${this.port} (logs in ${this.dir}/log)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs `rabbitmqctl` against this node. */
  async ctl(...args: string[]): Promise<string> {
    const out = await new Deno.Command("rabbitmqctl", {
      args: ["-n", this.#env.RABBITMQ_NODENAME, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    if (!out.success) throw new Error(`rabbitmqctl ${args.join(" ")}: ${text}`);
    return text;
  }

  /** SIGKILLs the node (no clean shutdown) and waits until its port is closed. */
  async kill(): Promise<void> {
    const pid = Number((await Deno.readTextFile(`${this.dir}/pid`)).trim());
    Deno.kill(pid, "SIGKILL");
    while (await listening(this.port)) await new Promise((resolve) => setTimeout(resolve, 100));
    await this.#child?.status;
  }

  /** Kills the node if it runs and removes its data. */
  async stop(): Promise<void> {
    if (await listening(this.port)) await this.kill().catch(() => {});
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}
