# Comparison producer written the way the RabbitMQ tutorials teach it with pika: a blocking
# connection, publisher confirms, one publish (and one confirm) at a time, persistent messages
# published mandatory (an unroutable one raises) with the same envelope as our produce.
# Prints one JSON line.
# Usage: python3 pika_producer.py URL QUEUE COUNT
import json
import socket
import sys
import time
import secrets

import pika

url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.queue_declare(queue=queue, passive=True)
channel.confirm_delivery()
# The message id carries send time, run id and seq, as ours does (lib/messaging/run_message_id.ts).
run_id = secrets.token_hex(5)


def message_id(seq, ms):
    t = "%012x" % ms
    return "%s-%s-8%s-8%s-%s%08x" % (t[:8], t[8:], run_id[:3], run_id[3:6], run_id[6:], seq)


host = socket.gethostname()
start = time.perf_counter()
for seq in range(1, count + 1):
    channel.basic_publish(
        exchange="",
        routing_key=queue,
        body="Hello World",
        mandatory=True,
        properties=pika.BasicProperties(
            delivery_mode=2,
            content_type="text/plain",
            message_id=message_id(seq, int(time.time() * 1000)),
            timestamp=int(time.time()),
            headers={"producer_id": "pika", "host": host},
        ),
    )
seconds = time.perf_counter() - start
print(json.dumps({"client": "pika", "role": "publish", "count": count, "seconds": seconds, "rate": count / seconds}))
connection.close()
