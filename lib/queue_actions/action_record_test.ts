import { deepEqual, equal, match } from "node:assert/strict";
import { type ActionEntry, ActionRecord } from "./action_record.ts";

const entry = (n: number, object = `queue 'q${n}'`): ActionEntry => ({
  time: new Date(n * 1000).toISOString(),
  client: "127.0.0.1",
  signedIn: false,
  vhost: "/",
  action: "purge queue",
  object,
  result: "done",
  status: 200,
});

Deno.test("the record keeps the newest entries first, up to its limit, one line each", () => {
  const lines: string[] = [];
  const record = new ActionRecord({ limit: 3, write: (line) => lines.push(line) });
  for (let n = 1; n <= 5; n++) record.add(entry(n));
  deepEqual(record.list().map((e) => e.object), ["queue 'q5'", "queue 'q4'", "queue 'q3'"]);
  equal(lines.length, 5);
  match(
    lines[4],
    /^action 1970-01-01T00:00:05.000Z 127.0.0.1 \(no token\) vhost '\/' purge queue queue 'q5': done 200$/,
  );
});

Deno.test("a name with control characters reaches the line escaped", () => {
  const lines: string[] = [];
  new ActionRecord({ write: (line) => lines.push(line) }).add(entry(1, "queue 'a\x1b[2Jb'"));
  match(lines[0], /a\\x1b\[2Jb/);
});
