import assert from "node:assert/strict";
import { nameProblem, utf8Length } from "./resource_name.ts";

Deno.test("nameProblem: names RabbitMQ takes pass, slashes and dots inside included", () => {
  for (const name of ["work.queue", "a/b", "ünï.cödé", ".hidden", "a..b", "x".repeat(255)]) {
    assert.equal(nameProblem("queue", name), undefined, name);
  }
});

Deno.test("nameProblem: too long in UTF-8, control characters and only dots are refused", () => {
  assert.match(
    nameProblem("queue", "é".repeat(128))!,
    /queue name is 256 bytes in UTF-8; at most 255/,
  );
  assert.match(nameProblem("exchange", "a\nb")!, /^exchange name 'a\\nb' is not a name/);
  assert.match(nameProblem("queue", "..")!, /not only dots/);
  assert.match(nameProblem("queue", "\x7f")!, /no control characters/);
});

Deno.test("utf8Length counts bytes as the broker does", () => {
  assert.equal(utf8Length("abc"), 3);
  assert.equal(utf8Length("é"), 2);
  assert.equal(utf8Length("🐇"), 4);
});
