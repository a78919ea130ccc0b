/**
 * The shapes of the management HTTP API's answers, as far as this toolkit reads them. Types
 * only, so server modules and browser components share them.
 */

/** A rate as the management API reports it. */
export interface RateDetails {
  rate: number;
}

/** Message counters with their rates (fields are missing until something happened). */
export interface MessageStats {
  publish_details?: RateDetails;
  deliver_get_details?: RateDetails;
  ack_details?: RateDetails;
  redeliver_details?: RateDetails;
}

/** A queue as the management API describes it (the fields we read). */
export interface QueueInfo {
  name: string;
  vhost: string;
  durable: boolean;
  type?: string;
  state?: string;
  arguments: Record<string, unknown>;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  message_stats?: MessageStats;
  consumer_details?: ConsumerDetail[];
  /** Classic queues: the node that holds the queue. */
  node?: string;
  /** Quorum queues and streams: the node that leads the queue. */
  leader?: string;
  /** Quorum queues and streams: every node with a replica. */
  members?: string[];
  /** Quorum queues and streams: the replicas that are up. */
  online?: string[];
}

/** A cluster node (fields other than name and running are missing while it is down). */
export interface NodeInfo {
  name: string;
  running: boolean;
  type?: string;
  mem_used?: number;
  mem_limit?: number;
  mem_alarm?: boolean;
  disk_free?: number;
  disk_free_limit?: number;
  disk_free_alarm?: boolean;
  fd_used?: number;
  fd_total?: number;
  uptime?: number;
}

/** One consumer of a queue (from the single-queue endpoint). */
export interface ConsumerDetail {
  consumer_tag: string;
  prefetch_count: number;
  ack_required: boolean;
  channel_details: {
    name: string;
    connection_name: string;
    peer_host: string;
    peer_port: number;
    user: string;
  };
}

/** The broker-wide overview. */
export interface OverviewInfo {
  rabbitmq_version?: string;
  cluster_name?: string;
  object_totals?: { queues?: number; consumers?: number; connections?: number; channels?: number };
  queue_totals?: { messages?: number; messages_ready?: number; messages_unacknowledged?: number };
  message_stats?: MessageStats;
}

/** A client connection (the fields we read). */
export interface ConnectionInfo {
  name: string;
  user: string;
  vhost: string;
  state?: string;
  channels?: number;
  peer_host?: string;
  peer_port?: number;
  client_properties?: { connection_name?: string; product?: string; platform?: string };
  recv_oct_details?: RateDetails;
  send_oct_details?: RateDetails;
}

/** A channel (the fields we read). */
export interface ChannelInfo {
  name: string;
  number: number;
  vhost: string;
  user: string;
  connection_details?: { name: string; peer_host?: string; peer_port?: number };
  consumer_count?: number;
  prefetch_count?: number;
  messages_unacknowledged?: number;
  confirm?: boolean;
  message_stats?: MessageStats;
}

/** An exchange as the management API describes it (the fields we read). */
export interface ExchangeInfo {
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
}

/** A binding as the management API describes it (the fields we read). */
export interface BindingInfo {
  source: string;
  destination: string;
  destination_type: "queue" | "exchange";
  routing_key: string;
  arguments?: Record<string, unknown>;
}
