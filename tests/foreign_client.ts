/**
 * Messages from clients other than ours: pika (through tests/fixtures/foreign_client.py) and
 * amqplib, which writes every numeric field type AMQP defines.
 */
import { Buffer } from "node:buffer";
import amqplib from "amqplib";
import { AMQP_URL } from "./helpers.ts";

const script = new URL("./fixtures/foreign_client.py", import.meta.url).pathname;
const decoder = new TextDecoder();

/** The URL with the default vhost spelled out, as pika wants it. */
const PIKA_URL = (() => {
  const url = new URL(AMQP_URL);
  if (url.pathname === "" || url.pathname === "/") url.pathname = "/%2F";
  return url.href;
})();

/** Runs the pika script and parses the JSON line it prints. */
async function pika<T>(args: string[]): Promise<T> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = decoder.decode(out.stdout);
  if (!out.success) {
    throw new Error(`foreign_client.py ${args[0]} failed: ${decoder.decode(out.stderr)}`);
  }
  return JSON.parse(stdout) as T;
}

/**
 * Publishes pika's catalogue (every case once, or only the cases named), confirmed; returns
 * the case names.
 */
export async function publishCatalogue(
  exchange: string,
  routingKey: string,
  only: string[] = [],
): Promise<string[]> {
  const args = ["publish", PIKA_URL, exchange, routingKey, only.join(",")];
  return (await pika<{ cases: string[] }>(args)).cases;
}

/** One message as pika reads it: every property and header with its type kept. */
export interface DumpedMessage {
  properties: Record<string, unknown>;
  headers: { table: Record<string, unknown> };
  body_sha256: string;
  body_length: number;
}

/** Takes every message from `queue` (acked) as pika decodes it. */
export async function dumpQueue(queue: string): Promise<DumpedMessage[]> {
  return (await pika<{ messages: DumpedMessage[] }>(["dump", PIKA_URL, queue])).messages;
}

/** The `case` header the catalogue puts on each message. */
export function caseOf(message: DumpedMessage): string {
  return (message.headers.table.case as { str: string }).str;
}

/** Tries to publish a message whose header holds `bytes` bytes; says whether the broker took it. */
export function publishOversized(
  queue: string,
  bytes: number,
): Promise<{ published?: number; refused?: string }> {
  return pika(["publish-oversized", PIKA_URL, queue, String(bytes)]);
}

/** pika takes up to `count` messages from `queue` and rejects them without requeueing. */
export async function rejectWithPika(queue: string, count: number): Promise<number> {
  return (await pika<{ rejected: number }>(["reject", PIKA_URL, queue, String(count)])).rejected;
}

/** A message as a test describes it to pika: every string may hold anything. */
export interface PikaMessage {
  message_id?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The `timestamp` property, in Unix seconds. */
  timestamp?: number;
}

/** pika publishes these messages (confirmed, mandatory); returns how many. */
export async function publishWithPika(
  exchange: string,
  routingKey: string,
  messages: PikaMessage[],
): Promise<number> {
  const args = ["publish-json", PIKA_URL, exchange, routingKey, JSON.stringify(messages)];
  return (await pika<{ published: number }>(args)).published;
}

/**
 * Every basic property AMQP 0-9-1 defines, as pika names them, with a value each: `user_id`
 * is the user the tests connect as (the broker refuses another).
 */
export const EVERY_PROPERTY = {
  content_type: "application/json",
  content_encoding: "identity",
  headers: { h: "v" },
  delivery_mode: 2,
  priority: 5,
  correlation_id: "corr-1",
  reply_to: "replies",
  expiration: "86400000",
  message_id: "msg-every-property",
  timestamp: 1_700_000_000,
  type: "order.created",
  user_id: decodeURIComponent(new URL(AMQP_URL).username || "guest"),
  app_id: "billing",
  cluster_id: "cl",
} as const;

/**
 * pika publishes one message with {@linkcode EVERY_PROPERTY} (body `all`), then one per
 * property alone (body: its name), confirmed; returns the bodies in publishing order.
 */
export async function publishEveryProperty(
  exchange: string,
  routingKey: string,
): Promise<string[]> {
  const args = ["publish-properties", PIKA_URL, exchange, routingKey];
  return (await pika<{ published: string[] }>([...args, JSON.stringify(EVERY_PROPERTY)]))
    .published;
}

/** Headers of every numeric AMQP type, written by amqplib. */
export const TYPED_HEADERS = {
  case: "typed-numbers",
  byte: { "!": "byte", value: -5 },
  "unsigned-byte": { "!": "unsignedbyte", value: 200 },
  short: { "!": "short", value: -300 },
  "unsigned-short": { "!": "unsignedshort", value: 60_000 },
  int: { "!": "int", value: -2_000_000_000 },
  "unsigned-int": { "!": "unsignedint", value: 4_000_000_000 },
  long: { "!": "long", value: 1_234_567_890_123 },
  float: { "!": "float", value: 0.1 },
  double: { "!": "double", value: 0.1 },
  decimal: { "!": "decimal", value: { places: 3, digits: 31_415 } },
  timestamp: { "!": "timestamp", value: 1_700_000_000 },
};

/** Publishes one message with {@linkcode TYPED_HEADERS} through amqplib, confirmed. */
export async function publishTyped(exchange: string, routingKey: string): Promise<void> {
  const conn = await amqplib.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    ch.publish(exchange, routingKey, Buffer.from("typed numbers"), {
      headers: TYPED_HEADERS,
    });
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}
