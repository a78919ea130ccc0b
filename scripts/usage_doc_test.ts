import assert from "node:assert/strict";
import type { Option } from "commander";
import { TASK_COMMANDS, USAGE_DOC, usageReference } from "./usage_doc.ts";

Deno.test("docs/usage.md is the scripts' --help, up to date (deno task docs writes it)", async () => {
  const written = await Deno.readTextFile(new URL(`../${USAGE_DOC}`, import.meta.url));
  assert.ok(written === usageReference(), `${USAGE_DOC} is out of date: run deno task docs`);
});

Deno.test("--help shows every flag's default (or says there is none)", () => {
  for (const [task, build] of Object.entries(TASK_COMMANDS)) {
    const program = build();
    const help = program.createHelp();
    const shown = help.visibleOptions(program);
    for (const option of program.options as Option[]) {
      if (option.long === "--help") continue;
      assert.ok(shown.includes(option), `${task}: ${option.flags} is not in --help`);
      assert.match(
        help.optionDescription(option),
        /default/,
        `${task} ${option.flags}: --help gives no default`,
      );
    }
  }
});

Deno.test("produce and consume share one definition of each flag they both take", async () => {
  const produce = TASK_COMMANDS.produce().options as Option[];
  const consume = TASK_COMMANDS.consume().options as Option[];
  const shared = produce.filter((p) => consume.some((c) => c.long === p.long));
  assert.ok(shared.length >= 15, `only ${shared.length} shared flags`);
  for (const p of shared) {
    const c = consume.find((o) => o.long === p.long)!;
    assert.equal(c.description, p.description, `${p.long}: two descriptions`);
    assert.deepEqual(c.defaultValue, p.defaultValue, `${p.long}: two defaults`);
  }
  // And the scripts themselves spell none of them out: each is written in scripts/_cli/ once.
  for (const script of ["produce.ts", "consume.ts"]) {
    const source = await Deno.readTextFile(new URL(script, import.meta.url));
    for (const p of shared) {
      assert.ok(
        !source.includes(`"${p.long} `) && !source.includes(`"${p.long}"`),
        `${script} defines ${p.long}`,
      );
    }
  }
});
