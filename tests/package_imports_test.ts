/**
 * `mod.ts` serves programs outside this repository, which do not have its import map: every
 * module it reaches names its packages by versioned `npm:` specifiers, and those versions are
 * the ones `deno.json` pins (and `deno.lock` locks) for the rest of the repository.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

interface ModuleInfo {
  specifier: string;
  dependencies?: { specifier: string }[];
}

/** Each import of a module of this repository reached from mod.ts, as `file: import`. */
async function importsReachedFromMod(): Promise<{ from: string; specifier: string }[]> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(info.code, 0, new TextDecoder().decode(info.stderr));
  const { modules } = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: ModuleInfo[];
  };
  return modules
    .filter((m) => m.specifier.startsWith(ROOT.href))
    .flatMap((m) =>
      (m.dependencies ?? []).map((d) => ({
        from: m.specifier.slice(ROOT.href.length),
        specifier: d.specifier,
      }))
    );
}

Deno.test("mod.ts reaches no package by a bare name of the import map", async () => {
  const bare = (await importsReachedFromMod())
    .filter(({ specifier }) => !/^(\.{1,2}\/|npm:|node:|jsr:|https?:|file:)/.test(specifier))
    .map(({ from, specifier }) => `${from}: ${specifier}`);
  assert.deepEqual(bare, [], "use the versioned npm: specifier, as deno.json pins it");
});

Deno.test("the npm: versions mod.ts reaches are the ones deno.json pins", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))) as {
    imports: Record<string, string>;
  };
  const pinned = new Map<string, string>();
  for (const target of Object.values(config.imports)) {
    const m = target.match(/^npm:\/?(@?[^@/]+(?:\/[^@/]+)?)@([^/]+)/);
    if (m) pinned.set(m[1], m[2]);
  }
  const differing: string[] = [];
  const seen = new Set<string>();
  for (const { from, specifier } of await importsReachedFromMod()) {
    const m = specifier.match(/^npm:(@?[^@/]+(?:\/[^@/]+)?)(?:@([^/]+))?/);
    if (!m) continue;
    const [, name, version] = m;
    seen.add(name);
    if (version !== pinned.get(name)) {
      differing.push(`${from}: ${specifier} (deno.json: ${pinned.get(name) ?? "not pinned"})`);
    }
  }
  assert.deepEqual(differing, []);
  assert.ok(seen.has("@cloudamqp/amqp-client"), "the AMQP client is reached by its npm: name");
});
