/**
 * A RabbitMQ toolkit for Deno: publish with publisher confirms and a bounded confirm window,
 * consume with manual acks, retries and dead-lettering, declare the topology, stamp and read
 * the message envelope, and ask the management API. The `deno task` scripts are built on
 * these; the same parts serve a program of your own.
 *
 * Publish 1,000 messages and wait for every confirm, then consume them with manual acks:
 *
 * ```ts
 * import { Broker, EnvelopeTemplate } from "./mod.ts";
 *
 * const broker = await Broker.connect({ url: "amqp://guest:guest@localhost:5672", name: "orders" });
 * await broker.declareTopology({
 *   exchange: "orders", exchangeType: "direct", routingKey: "new", queue: "orders.work",
 *   auditQueue: "", durable: true, lazy: false, queueType: "classic", priority: false,
 * });
 * const published = await broker.publish({
 *   exchange: "orders",
 *   routingKey: "new",
 *   count: 1_000,
 *   body: new TextEncoder().encode("hello"),
 *   properties: new EnvelopeTemplate({ producerId: "me", host: Deno.hostname(),
 *     contentType: "text/plain", persistent: true }),
 *   confirmWindow: 1_000,
 *   rate: 0,
 * });
 * const consumed = await broker.consumer({ queue: "orders.work", prefetch: 100, expect: 1_000,
 *   ackEvery: 100, maxRetries: 3, handler: (message, envelope) => console.log(envelope?.seq) })
 *   .run();
 * console.log(`${published.confirmed} confirmed, ${consumed.consumed} consumed`);
 * await broker.close();
 * ```
 *
 * @module
 */

export { HttpError, UserError, type UserErrorOptions } from "./lib/errors.ts";
export {
  type AmqpEndpoint,
  DEFAULT_AMQP_URL,
  DEFAULT_MANAGEMENT_URL,
  type ManagementEndpoint,
  managementEndpoint,
  parseAmqpUrl,
  parseAmqpUrls,
  type TlsSettings,
} from "./lib/config.ts";
export {
  type ArgumentMismatch,
  type AskedSettings,
  type ErrorHints,
  EXCHANGE_TYPES,
  type ExchangeType,
  type HeaderMatch,
  type PropertiesWriter,
  QUEUE_TYPES,
  QUEUE_VERSIONS,
  type QueueShape,
  type QueueType,
  type QueueVersion,
  type ShapeWords,
  type Topology,
  type WorkQueueOptions,
} from "./lib/amqp/mod.ts";
export {
  Broker,
  type BrokerOptions,
  type ConsumeProgress,
  type ConsumeResult,
  type ConsumerSettings,
  type ConsumeRun,
  type DeliveredMessage,
  type DeliveredProperties,
  type DeliverySettings,
  type Envelope,
  envelopeFactory,
  type EnvelopeOptions,
  EnvelopeTemplate,
  type HeaderValue,
  type LatencySummary,
  type MessageHandler,
  type MessageProperties,
  type PublishProgress,
  type PublishResult,
  type PublishSettings,
  readEnvelope,
  readSender,
  type Sender,
  type SenderCount,
  type StopReason,
  type StreamOffset,
} from "./lib/messaging/mod.ts";
export { ManagementClient } from "./lib/management/mod.ts";
export type { QueuePageQuery } from "./lib/management/mod.ts";
export type { DeleteGuard } from "./lib/management/mod.ts";
export type {
  BindingInfo,
  ChannelInfo,
  ChartPoint,
  ConnectionInfo,
  ConsumerDetail,
  ExchangeInfo,
  ManagementPage,
  MessageStats,
  NodeInfo,
  OverviewInfo,
  QueueInfo,
  RateDetails,
  Rates,
  Sample,
  VhostInfo,
} from "./lib/shared/mod.ts";
