/**
 * A RabbitMQ toolkit for Deno: publish with publisher confirms and a bounded confirm window,
 * consume with manual acks, retries and dead-lettering, declare the topology, stamp and read
 * the message envelope, and ask the management API. The `deno task` scripts are built on
 * these; the same parts serve a program of your own.
 *
 * Publish 1,000 messages and wait for every confirm:
 *
 * ```ts
 * import { connect, declareTopology, envelopeFactory, parseAmqpUrl, publishMessages } from "./mod.ts";
 *
 * const { client } = await connect({
 *   endpoints: [parseAmqpUrl("amqp://guest:guest@localhost:5672")],
 *   name: "my producer",
 *   connectTimeoutMs: 10_000,
 * });
 * const topology = {
 *   exchange: "orders", exchangeType: "direct" as const, routingKey: "new", queue: "orders.work",
 *   auditQueue: "", durable: true, lazy: false, queueType: "classic" as const, priority: false,
 * };
 * await declareTopology(client, topology);
 * const result = await publishMessages(client, {
 *   exchange: "orders",
 *   routingKey: "new",
 *   count: 1_000,
 *   body: new TextEncoder().encode("hello"),
 *   properties: envelopeFactory({ producerId: "me", host: Deno.hostname(), runId: "run-1",
 *     persistent: true }),
 *   confirmWindow: 1_000,
 *   rate: 0,
 * });
 * console.log(`${result.confirmed} confirmed`);
 * await client.close();
 * ```
 *
 * Consume them with manual acks:
 *
 * ```ts
 * import { connect, Consumer, parseAmqpUrl } from "./mod.ts";
 *
 * const { client } = await connect({ endpoints: [parseAmqpUrl("amqp://localhost")],
 *   name: "my consumer", connectTimeoutMs: 10_000 });
 * const consumer = new Consumer(client, { queue: "orders.work", prefetch: 100, expect: 1_000,
 *   ackEvery: 100, maxRetries: 3, handler: (msg, envelope) => console.log(envelope?.seq) });
 * const summary = await consumer.run();
 * console.log(`${summary.consumed} consumed`);
 * await client.close();
 * ```
 *
 * @module
 */

export type { AMQPClient, AMQPMessage, AMQPProperties } from "@cloudamqp/amqp-client";
export { HttpError, UserError, type UserErrorOptions } from "./lib/errors.ts";
export {
  type AmqpEndpoint,
  DEFAULT_AMQP_URL,
  DEFAULT_MANAGEMENT_URL,
  type ManagementEndpoint,
  managementEndpoint,
  parseAmqpUrl,
  parseAmqpUrls,
} from "./lib/config.ts";
export {
  checkQueueShape,
  connect,
  type Connection,
  type ConnectOptions,
  declareTopology,
  EXCHANGE_TYPES,
  type ExchangeType,
  explainBrokerError,
  FailoverConnector,
  type FailoverConnectorOptions,
  inspectQueue,
  isConnectionLoss,
  purgeQueues,
  QUEUE_TYPES,
  type QueueShape,
  type QueueType,
  type Topology,
} from "./lib/amqp/mod.ts";
export {
  type ConsumeProgress,
  Consumer,
  type ConsumeResult,
  type ConsumerOptions,
  type Envelope,
  envelopeFactory,
  type EnvelopeOptions,
  type LatencySummary,
  type MessageHandler,
  publishMessages,
  type PublishOptions,
  type PublishProgress,
  type PublishResult,
  readEnvelope,
  type StopReason,
  type StreamOffset,
} from "./lib/messaging/mod.ts";
export { ManagementClient } from "./lib/monitor/mod.ts";
export type {
  BindingInfo,
  ChannelInfo,
  ConnectionInfo,
  ConsumerDetail,
  ExchangeInfo,
  MessageStats,
  NodeInfo,
  OverviewInfo,
  QueueInfo,
  RateDetails,
} from "./lib/shared/mod.ts";
