import assert from "node:assert/strict";
import { parseQueueColumns, QUEUE_COLUMNS, queueColumnsParam } from "./queue_columns.ts";

Deno.test("queue columns: the address keeps the choice in the table's order", () => {
  assert.deepEqual(parseQueueColumns("consumers,total"), ["total", "consumers"]);
  assert.equal(queueColumnsParam(["consumers", "total"]), "total,consumers");
  assert.deepEqual(parseQueueColumns(queueColumnsParam(["ready", "ack"])), ["ready", "ack"]);
});

Deno.test("queue columns: every column by default, or when none named exists", () => {
  assert.deepEqual(parseQueueColumns(undefined), [...QUEUE_COLUMNS]);
  assert.deepEqual(parseQueueColumns("bogus,<script>"), [...QUEUE_COLUMNS]);
  assert.deepEqual(parseQueueColumns("bogus,ready"), ["ready"]);
  assert.equal(queueColumnsParam([...QUEUE_COLUMNS]), undefined);
});
