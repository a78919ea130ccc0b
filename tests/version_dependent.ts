/**
 * The test files whose outcome depends on the broker's version: the suite runs every test
 * against RabbitMQ 4.3 and these again against each other broker of the run (this machine's
 * 3.x). What they prove differs between 3.x and 4.x; the rest (flags, the monitor's pages and
 * security, the terminal, drills and faults) behaves the same whatever the version, and runs
 * once. `docs/testing.md` lists them with the same reasons.
 */
export const VERSION_DEPENDENT: Record<string, string> = {
  "tests/bad_input_test.ts": "max_message_size (128 MiB on 3.x, 16 MiB on 4.x), queue version 1",
  "tests/messaging_patterns_test.ts": "x-death and the retry history (3.13 changed x-death)",
  "tests/produce_consume_test.ts": "--lazy and the version notes (lazy mode ended in 3.12)",
  "tests/publish_options_test.ts": "queue arguments and types, priorities, queue versions",
  "tests/topology_test.ts": "queue types and their arguments as each version declares them",
  "tests/stream_test.ts": "streams and their offsets",
  "tests/stream_protocol_test.ts":
    "the stream protocol, and how each version turns its AMQP 1.0 messages into AMQP 0-9-1 ones",
  "tests/replay_test.ts": "copies byte for byte, x-* headers the broker owns since 3.13, streams",
  "tests/management_client_test.ts": "3.x answers a queue listing with 500 during declares",
  "tests/foreign_messages_test.ts":
    "what the broker forwards of another client's headers and sizes",
  "tests/delivery_reader_test.ts": "the frames each version sends",
  "tests/tutorial_commands_test.ts":
    "the tutorials' queues (transient on 3.x copies, quorum today)",
  "tests/cleanup_test.ts":
    "deletes on a condition (if-empty, if-unused), refused for quorum queues",
  "tests/hostile_input_test.ts": "the names and values each version accepts and forwards as sent",
  "tests/monitor_api_test.ts": "the management API's figures and shapes, which differ by version",
  "tests/tutorial_scripts_test.ts":
    "the tutorials' own scripts (non-durable hello deprecated on 4.x, quorum queues) and how each version words a mismatch",
  "tests/version_hints_test.ts":
    "hints name what changes the outcome on each version (lazy mode ended in 3.12, non-durable queues deprecated in 4.0)",
  "tests/library_service_test.ts":
    "reconnects onto a quorum queue (4.x counts redeliveries against a delivery limit of 20, 3.x has none) and connections closed through each version's management API",
  "tests/message_properties_test.ts":
    "every basic property (cluster_id among them) as each version forwards it",
  "tests/monitor_queue_figures_test.ts":
    "a quorum queue's delivery limit (20 by default on 4.x, none on 3.x) and the bytes each version counts",
  "tests/monitor_broker_page_test.ts":
    "deprecated features in use (4.x lists them; 3.x has no such endpoint) and each version's feature flags",
  "tests/redrive_test.ts":
    "the dead-letter headers each version writes (x-first-death-queue, x-death: the broker's own since 3.13)",
  "tests/monitor_console_test.ts":
    "queue arguments each version accepts in a declare, and a connection closed with X-Reason by each version's management API",
  "tests/monitor_definitions_test.ts":
    "the definitions each version exports and imports (a re-import must find no change)",
};

/** The files of {@linkcode VERSION_DEPENDENT}, for `deno test`. */
export const VERSION_DEPENDENT_FILES: string[] = Object.keys(VERSION_DEPENDENT);
