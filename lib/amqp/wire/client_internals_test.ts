import assert from "node:assert/strict";
import { AMQPClient, AMQPMessage } from "@cloudamqp/amqp-client";
import { CHANNEL_INTERNALS, CLIENT_INTERNALS, MESSAGE_INTERNALS } from "./client_internals.ts";

/** The source of the client's methods, where a field set only while reading shows its name. */
function sourceOf(object: object): string {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(object); proto; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  return [...names].map((name) => {
    const value = (object as Record<string, unknown>)[name];
    return typeof value === "function" ? value.toString() : "";
  }).join("\n");
}

/** Whether `field` is where the wire layer expects it: a value, a method, or set by the code. */
function present(object: object, field: string, source: string): boolean {
  return field in object || new RegExp(`\\.${field}\\b`).test(source);
}

Deno.test("amqp-client's private parts the wire layer uses are all where it expects them", () => {
  const client = new AMQPClient("amqp://guest:guest@127.0.0.1:5672");
  const clientSource = sourceOf(client);
  const missing = CLIENT_INTERNALS.filter((field) => !present(client, field, clientSource))
    .map((field) => `AMQPClient.${field}`);
  const channel = (client as unknown as { channels: object[] }).channels[0];
  assert.ok(channel, "AMQPClient.channels[0] (the connection's channel 0)");
  const channelSource = `${sourceOf(channel)}\n${clientSource}`;
  missing.push(
    ...CHANNEL_INTERNALS.filter((field) => !present(channel, field, channelSource))
      .map((field) => `AMQPChannel.${field}`),
  );
  // deno-lint-ignore no-explicit-any
  const message = new AMQPMessage(channel as any);
  missing.push(
    ...MESSAGE_INTERNALS.filter((field) => !(field in message)).map((f) => `AMQPMessage.${f}`),
  );
  assert.deepEqual(missing, [], `the installed amqp-client lacks: ${missing.join(", ")}`);
  assert.match(
    message.bodyToString.toString(),
    /_rawBytes/,
    "AMQPMessage.bodyToString reads _rawBytes",
  );
  // Their kinds, as lib/amqp/wire/ types them.
  const c = client as unknown as Record<string, unknown>;
  const ch = channel as unknown as Record<string, unknown>;
  assert.equal(typeof c.onRead, "function", "AMQPClient.onRead is the socket reader");
  assert.equal(typeof c.parseFrames, "function", "AMQPClient.parseFrames parses a view");
  assert.ok(Array.isArray(ch.unconfirmedPublishes), "AMQPChannel.unconfirmedPublishes is a list");
  assert.equal(ch.confirmId, 0, "AMQPChannel.confirmId is 0 outside confirm mode");
  assert.equal(typeof ch.publishConfirmed, "function", "AMQPChannel.publishConfirmed settles");
  assert.equal(typeof (ch.connection as Record<string, unknown>).send, "function");
  assert.match(clientSource, /channel\.delivery \|\| channel\.getMessage \|\| channel\.returned/);
  // startContent leaves a get's or a return's body frames to the client: they fill _rawBytes.
  assert.match(clientSource, /message\._rawBytes\.set\(bodyPart, message\.bodyPos\)/);
  assert.equal(typeof ch.onMessageReady, "function", "AMQPChannel.onMessageReady completes");
});

Deno.test("nothing outside lib/amqp/wire/ names amqp-client's private parts", async () => {
  const root = new URL("../../../", import.meta.url);
  const offenders: string[] = [];
  const pattern = /\b(parseFrames|unconfirmedPublishes|confirmId|publishConfirmed)\b|"onRead"/;
  for (const dir of ["lib", "scripts", "routes", "islands", "components"]) {
    for await (const file of walk(new URL(`${dir}/`, root))) {
      if (file.pathname.includes("/lib/amqp/wire/")) continue;
      const text = await Deno.readTextFile(file);
      if (pattern.test(text)) offenders.push(file.pathname.slice(root.pathname.length));
    }
  }
  assert.deepEqual(offenders, []);
});

async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* walk(url);
    else if (/\.tsx?$/.test(entry.name)) yield url;
  }
}
