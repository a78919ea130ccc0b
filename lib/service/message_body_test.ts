import assert from "node:assert/strict";
import { decodeJsonBody, encodeBody, JSON_CONTENT_TYPE } from "./message_body.ts";
import { MessagingError } from "./messaging_error.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("encodeBody: JSON by default, bytes as they are, text without json", () => {
  const order = encodeBody({ id: 7, item: "book" }, true);
  assert.equal(text(order.bytes), '{"id":7,"item":"book"}');
  assert.equal(order.contentType, JSON_CONTENT_TYPE);
  assert.equal(text(encodeBody("hi", true).bytes), '"hi"');
  const bytes = new Uint8Array([1, 2]);
  assert.equal(encodeBody(bytes, true).bytes, bytes);
  assert.equal(encodeBody(bytes, true).contentType, undefined);
  assert.deepEqual(encodeBody("hi", false), {
    bytes: new TextEncoder().encode("hi"),
    contentType: "text/plain",
  });
});

Deno.test("encodeBody: what JSON cannot carry is an error of kind invalid", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  for (const [body, json] of [[cyclic, true], [undefined, true], [{ a: 1 }, false]] as const) {
    assert.throws(
      () => encodeBody(body, json),
      (error) => error instanceof MessagingError && error.kind === "invalid",
    );
  }
});

Deno.test("decodeJsonBody: reads JSON; anything else is an error of kind invalid", () => {
  const of = (s: string) => ({ body: new TextEncoder().encode(s) });
  assert.deepEqual(decodeJsonBody(of('{"id":9}')), { id: 9 });
  for (const body of [of("{not json"), { body: new Uint8Array([0xff, 0x22]) }, { body: null }]) {
    assert.throws(
      () => decodeJsonBody(body),
      (error) => error instanceof MessagingError && error.kind === "invalid",
    );
  }
});
