import { equal } from "node:assert/strict";
import { originQueue } from "./redrive.ts";

Deno.test("originQueue: x-first-death-queue, else the oldest x-death entry, else none", () => {
  equal(originQueue({ "x-first-death-queue": "orders" }), "orders");
  equal(
    originQueue({ "x-death": [{ queue: "retry", count: 1 }, { queue: "orders", count: 1 }] }),
    "orders",
  );
  equal(originQueue({ "x-death": [] }), undefined);
  equal(originQueue({ "x-death": [{ count: 1 }] }), undefined);
  equal(originQueue(undefined), undefined);
  equal(originQueue({ "x-first-death-queue": "" }), undefined);
});
