/**
 * The shapes of the management HTTP API's answers, as far as this toolkit reads them. Types
 * only, so server modules and browser components share them. Field names are the API's own.
 */

/** A rate as the management API reports it. */
export interface RateDetails {
  /** Per second, averaged over the API's last sample interval. */
  rate: number;
  /**
   * With `?msg_rates_age=…&msg_rates_incr=…` (or `lengths_…` for depths): the counter, or the
   * depth, at each sample time (Unix ms), newest first.
   */
  samples?: Sample[];
}

/** One of the management API's samples. */
export interface Sample {
  /** The counter, or the depth, at that time. */
  sample: number;
  /** Unix milliseconds. */
  timestamp: number;
}

/** Message counters with their rates (fields are missing until something happened). */
export interface MessageStats {
  /** Messages published. */
  publish_details?: RateDetails;
  /** Messages delivered to consumers or fetched with basic.get. */
  deliver_get_details?: RateDetails;
  /** Messages acknowledged by consumers. */
  ack_details?: RateDetails;
  /** Messages delivered again (after a nack, a reject or a lost consumer). */
  redeliver_details?: RateDetails;
}

/** A queue as the management API describes it (the fields we read). */
export interface QueueInfo {
  /** The queue's name. */
  name: string;
  /** The virtual host it lives in. */
  vhost: string;
  /** Whether it survives a broker restart. */
  durable: boolean;
  /** "classic", "quorum" or "stream". */
  type?: string;
  /** "running", or why not (e.g. "down", "crashed"). */
  state?: string;
  /** The `x-` arguments it was declared with. */
  arguments: Record<string, unknown>;
  /** Deleted when its last consumer leaves. */
  auto_delete?: boolean;
  /** Used by one connection only, and deleted with it. */
  exclusive?: boolean;
  /** The policy that applies to it, by name. */
  policy?: string | null;
  /** With `?lengths_age=…`: the depth history (`samples`). */
  messages_ready_details?: RateDetails;
  /** With `?lengths_age=…`: the unacked history (`samples`). */
  messages_unacknowledged_details?: RateDetails;
  /** What the policies that apply to it set (`dead-letter-exchange`, `message-ttl`, …). */
  effective_policy_definition?: Record<string, unknown>;
  /** Ready plus unacknowledged messages. */
  messages?: number;
  /** Messages waiting to be delivered. */
  messages_ready?: number;
  /** Messages delivered and not yet acknowledged. */
  messages_unacknowledged?: number;
  /** Consumers subscribed to it. */
  consumers?: number;
  /** Its message rates. */
  message_stats?: MessageStats;
  /** Its consumers (single-queue endpoint only). */
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
  /** The Erlang node name, `rabbit@host`. */
  name: string;
  /** Whether the node is up. */
  running: boolean;
  /** "disc" or "ram". */
  type?: string;
  /** Memory in use, in bytes. */
  mem_used?: number;
  /** Memory high watermark, in bytes: publishers are blocked above it. */
  mem_limit?: number;
  /** Whether the memory alarm is on. */
  mem_alarm?: boolean;
  /** Free disk space, in bytes. */
  disk_free?: number;
  /** Free disk space below which publishers are blocked, in bytes. */
  disk_free_limit?: number;
  /** Whether the disk alarm is on. */
  disk_free_alarm?: boolean;
  /** File descriptors in use. */
  fd_used?: number;
  /** File descriptors available. */
  fd_total?: number;
  /** Milliseconds since the node started. */
  uptime?: number;
  /** Nodes of the cluster this one cannot reach though they run (a network partition). */
  partitions?: string[];
}

/** One consumer of a queue (from the single-queue endpoint). */
export interface ConsumerDetail {
  /** The consumer tag. */
  consumer_tag: string;
  /** Unacked messages the broker may send it ahead. */
  prefetch_count: number;
  /** Whether it acks manually (false: auto-ack). */
  ack_required: boolean;
  /** The channel it consumes on, and that channel's connection. */
  channel_details: {
    name: string;
    connection_name: string;
    peer_host: string;
    peer_port: number;
    user: string;
  };
}

/** One virtual host's own figures (`GET /api/vhosts/NAME`): its queues' depths and rates only. */
export interface VhostInfo {
  /** The vhost's name. */
  name: string;
  /** Messages ready in its queues. */
  messages_ready?: number;
  /** Messages delivered from its queues, not yet acked. */
  messages_unacknowledged?: number;
  /** With `?lengths_age=…`: the ready count's history (`samples`). */
  messages_ready_details?: RateDetails;
  /** With `?lengths_age=…`: the unacked count's history (`samples`). */
  messages_unacknowledged_details?: RateDetails;
  /** Publish, deliver and ack rates of this vhost (with `?msg_rates_age=…`: histories). */
  message_stats?: MessageStats;
}

/** The broker-wide overview. */
export interface OverviewInfo {
  /** The broker's version. */
  rabbitmq_version?: string;
  /** The cluster's name. */
  cluster_name?: string;
  /** How many queues, consumers, connections and channels there are. */
  object_totals?: { queues?: number; consumers?: number; connections?: number; channels?: number };
  /** Messages in all queues. */
  queue_totals?: {
    messages?: number;
    messages_ready?: number;
    messages_unacknowledged?: number;
    /** With `?lengths_age=…`: depth histories (`samples`). */
    messages_ready_details?: RateDetails;
    messages_unacknowledged_details?: RateDetails;
  };
  /** Message rates across the broker. */
  message_stats?: MessageStats;
  /** Where each node listens, by protocol (`amqp`, `stream`, `http`, ...). */
  listeners?: { node?: string; protocol?: string; ip_address?: string; port?: number }[];
}

/** A client connection (the fields we read). */
export interface ConnectionInfo {
  /** The broker's name for it (peer and local address). */
  name: string;
  /** The user it logged in as. */
  user: string;
  /** The virtual host it uses. */
  vhost: string;
  /** "running", "blocked", "blocking", … */
  state?: string;
  /** Channels open on it. */
  channels?: number;
  /** The client's address. */
  peer_host?: string;
  /** The client's port. */
  peer_port?: number;
  /** What the client said about itself, its connection name included. */
  client_properties?: { connection_name?: string; product?: string; platform?: string };
  /** Bytes per second received from the client. */
  recv_oct_details?: RateDetails;
  /** Bytes per second sent to the client. */
  send_oct_details?: RateDetails;
}

/** A channel (the fields we read). */
export interface ChannelInfo {
  /** The broker's name for it (its connection's name and number). */
  name: string;
  /** The channel number on its connection. */
  number: number;
  /** The virtual host it uses. */
  vhost: string;
  /** The user its connection logged in as. */
  user: string;
  /** The connection it belongs to. */
  connection_details?: { name: string; peer_host?: string; peer_port?: number };
  /** Consumers on it. */
  consumer_count?: number;
  /** Its prefetch (basic.qos). */
  prefetch_count?: number;
  /** Messages delivered on it and not yet acknowledged. */
  messages_unacknowledged?: number;
  /** Whether publisher confirms are on. */
  confirm?: boolean;
  /** Its message rates. */
  message_stats?: MessageStats;
}

/** An exchange as the management API describes it (the fields we read). */
export interface ExchangeInfo {
  /** The exchange's name ("" is the default exchange). */
  name: string;
  /** The virtual host it lives in. */
  vhost: string;
  /** "direct", "fanout", "topic", "headers", … */
  type: string;
  /** Whether it survives a broker restart. */
  durable: boolean;
  /** Deleted when its last binding goes. */
  auto_delete?: boolean;
  /** Only other exchanges may publish to it. */
  internal?: boolean;
  /** `x-` arguments (an alternate exchange, say). */
  arguments?: Record<string, unknown>;
  /** Messages published into it, and routed out of it. */
  message_stats?: { publish_in_details?: RateDetails; publish_out_details?: RateDetails };
}

/** A binding as the management API describes it (the fields we read). */
export interface BindingInfo {
  /** The exchange messages come from. */
  source: string;
  /** The queue or exchange they go to. */
  destination: string;
  /** Whether the destination is a queue or an exchange. */
  destination_type: "queue" | "exchange";
  /** The binding key. */
  routing_key: string;
  /** Binding arguments (headers exchanges match on them). */
  arguments?: Record<string, unknown>;
}

/** The management API's answer to a paged listing (`pagination=true`). */
export interface ManagementPage<T> {
  /** This page's items. */
  items: T[];
  /** Items that pass the name filter. */
  filtered_count: number;
  /** Items on this page. */
  item_count: number;
  /** Items in all. */
  total_count: number;
  /** This page, from 1. */
  page: number;
  /** Items per page. */
  page_size: number;
  /** Pages of filtered items. */
  page_count: number;
}
