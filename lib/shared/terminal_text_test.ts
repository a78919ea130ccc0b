import assert from "node:assert/strict";
import {
  hasUnsafeTerminalText,
  TERMINAL_TEXT_MAX,
  terminalJson,
  terminalSafe,
} from "./terminal_text.ts";

/** Every character a terminal acts on or that disguises text, with its expected escape. */
const UNSAFE_CASES: [string, string][] = [
  ["\x00", "\\x00"],
  ["\x07", "\\x07"],
  ["\x08", "\\x08"],
  ["\t", "\\x09"],
  ["\n", "\\x0a"],
  ["\r", "\\x0d"],
  ["\x1b", "\\x1b"],
  ["\x7f", "\\x7f"],
  ["\x80", "\\x80"],
  ["\x9b", "\\x9b"],
  ["\x9d", "\\x9d"],
  ["\x9f", "\\x9f"],
  ["\u00ad", "\\xad"],
  ["\u061c", "\\u061c"],
  ["\u180e", "\\u180e"],
  ["\u200b", "\\u200b"],
  ["\u200d", "\\u200d"],
  ["\u200e", "\\u200e"],
  ["\u200f", "\\u200f"],
  ["\u2028", "\\u2028"],
  ["\u2029", "\\u2029"],
  ["\u202a", "\\u202a"],
  ["\u202e", "\\u202e"],
  ["\u2060", "\\u2060"],
  ["\u2066", "\\u2066"],
  ["\u2069", "\\u2069"],
  ["\ufeff", "\\ufeff"],
  ["\ud800", "\\ud800"],
  ["\udc00", "\\udc00"],
];

Deno.test("terminalSafe escapes every control, bidi and invisible character", () => {
  for (const [char, escaped] of UNSAFE_CASES) {
    assert.equal(terminalSafe(`a${char}b`), `a${escaped}b`, JSON.stringify(char));
    assert.ok(hasUnsafeTerminalText(`a${char}b`), JSON.stringify(char));
  }
});

Deno.test("terminalSafe leaves printable text as it is", () => {
  for (
    const text of [
      "orders.queue",
      "日本語のキュー",
      "naïve café",
      "emoji 🐇 ok",
      "a\\x1b",
      "~!@#$%^&*()",
    ]
  ) {
    assert.equal(terminalSafe(text), text);
    assert.equal(hasUnsafeTerminalText(text), false, text);
  }
});

Deno.test("terminalSafe writes the escape sequences attackers use as plain text", () => {
  const hostile = "\x1b]0;pwned\x07\x1b[2J\r\x1b[2K\x9b31m\u202egnp.exe";
  const safe = terminalSafe(hostile);
  assert.equal(safe, "\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x1b[2K\\x9b31m\\u202egnp.exe");
  for (const char of safe) {
    const code = char.codePointAt(0)!;
    assert.ok(
      code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f),
      `U+${code.toString(16)}`,
    );
  }
});

Deno.test("terminalSafe cuts long text and says its length, never inside a character", () => {
  assert.equal(terminalSafe("x".repeat(5000)), `${"x".repeat(TERMINAL_TEXT_MAX)}…(5000 chars)`);
  assert.equal(terminalSafe("🐇".repeat(3), { maxLength: 2 }), "🐇🐇…(3 chars)");
  assert.equal(terminalSafe("abc", { maxLength: 3 }), "abc");
  assert.equal(terminalSafe("y".repeat(300), { maxLength: Infinity }), "y".repeat(300));
  // The cut counts characters before escaping: the escapes of what is kept are all shown.
  assert.equal(terminalSafe("\x1b\x1b\x1b", { maxLength: 2 }), "\\x1b\\x1b…(3 chars)");
});

Deno.test("terminalJson escapes what JSON.stringify leaves raw and stays the same JSON", () => {
  const value = {
    name: "q\x1b]0;pwned\x07\x9b2J\u202eevil\u200b\x7f",
    nested: ["\ud800", { "\u2066key": 1 }],
    plain: "日本語 🐇",
  };
  const json = terminalJson(value);
  assert.deepEqual(JSON.parse(json), value);
  assert.equal(hasUnsafeTerminalText(json), false, json);
  assert.ok(json.includes("\\u009b2J") && json.includes("\\u202eevil"), json);
  assert.ok(json.includes("日本語 🐇"), "printable text stays as it is");
  assert.equal(terminalJson({ a: 1 }), JSON.stringify({ a: 1 }));
});
