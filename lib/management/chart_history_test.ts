import assert from "node:assert/strict";
import { chartPointsOf, historyQuery } from "./chart_history.ts";

const at = (s: number) => 1_700_000_000_000 + s * 1000;

Deno.test("chartPointsOf: depths as sampled, rates from counter changes, oldest first", () => {
  const points = chartPointsOf({
    // Newest first, as the management API sends them.
    ready: {
      rate: 0,
      samples: [{ sample: 40, timestamp: at(10) }, { sample: 90, timestamp: at(5) }, {
        sample: 100,
        timestamp: at(0),
      }],
    },
    unacked: {
      rate: 0,
      samples: [{ sample: 7, timestamp: at(10) }, { sample: 3, timestamp: at(5) }],
    },
    stats: {
      publish_details: {
        rate: 0,
        samples: [{ sample: 150, timestamp: at(10) }, { sample: 100, timestamp: at(5) }, {
          sample: 100,
          timestamp: at(0),
        }],
      },
      deliver_get_details: {
        rate: 0,
        samples: [{ sample: 60, timestamp: at(10) }, { sample: 10, timestamp: at(5) }, {
          sample: 0,
          timestamp: at(0),
        }],
      },
      // A counter that went down (a node restarted) is not a negative rate.
      ack_details: {
        rate: 0,
        samples: [{ sample: 5, timestamp: at(10) }, { sample: 50, timestamp: at(5) }, {
          sample: 0,
          timestamp: at(0),
        }],
      },
    },
  });
  assert.deepEqual(points, [
    { at: at(5), ready: 90, unacked: 3, publish: 0, deliver: 2, ack: 10 },
    { at: at(10), ready: 40, unacked: 7, publish: 10, deliver: 10, ack: 0 },
  ]);
});

Deno.test("chartPointsOf: fewer than two samples make no chart; missing counters are 0", () => {
  assert.deepEqual(chartPointsOf({}), []);
  assert.deepEqual(
    chartPointsOf({ ready: { rate: 0, samples: [{ sample: 1, timestamp: at(0) }] } }),
    [],
  );
  const points = chartPointsOf({
    ready: { rate: 0, samples: [{ sample: 1, timestamp: at(0) }, { sample: 2, timestamp: at(1) }] },
  });
  assert.deepEqual(points, [{ at: at(1), ready: 2, unacked: 0, publish: 0, deliver: 0, ack: 0 }]);
});

Deno.test("historyQuery asks for depth and rate samples alike", () => {
  assert.equal(
    historyQuery(300, 5),
    "lengths_age=300&lengths_incr=5&msg_rates_age=300&msg_rates_incr=5",
  );
});
