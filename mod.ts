/**
 * A RabbitMQ toolkit for Deno. The `deno task` scripts are built on these parts; the same
 * parts serve a program of your own:
 * - {@linkcode Broker}: one connection that comes back by itself after a drop (topology
 *   declared again, consumers resubscribed, unconfirmed messages sent again);
 * - `declareExchange`, `declareQueue`, `bindQueue`: topology in your own shapes;
 * - `publisher()`: `send` resolves on the broker's confirm and rejects with a
 *   {@linkcode MessagingError} whose `kind` says why (`nacked`, `returned`, `timeout`, `closed`);
 * - `consume()`: typed JSON bodies until stopped, acked after the handler, retried with
 *   backoff, then dead-lettered to a queue of your naming;
 * - the run-shaped face of the scripts (`publish` N messages with a confirm window, a
 *   `consumer` that ends on a condition, the message envelope) and a typed management client.
 *
 * An orders service: a worker that takes 20 at a time, retries a failing order 3 times and
 * then dead-letters it to `orders.dlq`, and a shop that sends one order at a time, each
 * confirmed. (`docs/library.md` has the whole program; here it is type-checked.)
 *
 * ```ts
 * import { Broker, MessagingError } from "./mod.ts";
 *
 * interface Order { id: number; item: string }
 *
 * export async function ordersService(url: string): Promise<void> {
 *   const broker = await Broker.connect({ url, name: "orders",
 *     onLost: (error) => console.log(`lost the broker: ${error.message}`),
 *     onBack: (endpoint) => console.log(`back on ${endpoint}`) });
 *   await broker.declareExchange("orders", { type: "direct" });
 *   await broker.declareQueue("orders", { type: "quorum" });
 *   await broker.bindQueue("orders", "orders", "new");
 *
 *   const worker = await broker.consume<Order>("orders", { prefetch: 20, retries: 3,
 *     backoff: { initialMs: 100, maxMs: 1_000 }, deadLetterQueue: "orders.dlq" }, (order) => {
 *     if (order.id % 9 === 0) throw new Error(`order ${order.id} cannot be filled`);
 *   });
 *
 *   const orders = broker.publisher<Order>({ exchange: "orders" });
 *   try {
 *     await orders.send({ id: 1, item: "book" }, { routingKey: "new", messageId: "order-1" });
 *   } catch (error) {
 *     if (error instanceof MessagingError && error.kind === "returned") console.log("unrouted");
 *     else throw error;
 *   }
 *   await worker.stop();
 *   await broker.close();
 * }
 * ```
 *
 * Errors carry what went wrong as data:
 *
 * ```ts
 * import { MessagingError, UserError } from "./mod.ts";
 *
 * const error = new MessagingError("nacked", "the broker refused message 'order-7'");
 * console.assert(error.kind === "nacked" && error instanceof UserError);
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
  type BodyHandler,
  Broker,
  type BrokerOptions,
  type ConsumeOptions,
  type ConsumeRun,
  DEFAULT_BACKOFF,
  DEFAULT_PREFETCH,
  DEFAULT_SEND_TIMEOUT_MS,
  type ExchangeOptions,
  MessagingError,
  type MessagingErrorKind,
  Publisher,
  type PublisherOptions,
  type QueueOptions,
  type QueueState,
  type SendOptions,
  type Subscription,
} from "./lib/service/mod.ts";
export {
  type ConsumeProgress,
  type ConsumeResult,
  type ConsumerSettings,
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
export type { DeleteGuard, QueuePageQuery } from "./lib/management/mod.ts";
// The shared types come from their own files: the browser-side parts of lib/shared import
// packages by the names of this repository's import map, which a program elsewhere lacks.
export type {
  BindingInfo,
  ChannelInfo,
  ConnectionInfo,
  ConsumerDetail,
  ExchangeInfo,
  ManagementPage,
  MessageStats,
  NodeInfo,
  OverviewInfo,
  QueueInfo,
  RateDetails,
  Sample,
  VhostInfo,
} from "./lib/shared/management_types.ts";
export type { ChartPoint, Rates } from "./lib/shared/snapshot.ts";
