# Comparison producer written the way the RabbitMQ tutorials teach it with pika: a blocking
# connection, publisher confirms, one publish (and one confirm) at a time, persistent messages
# published mandatory (an unroutable one raises) with the same envelope as our produce.
# Prints one JSON line.
# Usage: python3 pika_producer.py URL QUEUE COUNT
import json
import socket
import sys
import time
import uuid

import pika

url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.queue_declare(queue=queue, passive=True)
channel.confirm_delivery()
run_id = str(uuid.uuid4())
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
            message_id=str(uuid.uuid4()),
            timestamp=int(time.time()),
            headers={"producer_id": "pika", "host": host, "seq": seq, "run_id": run_id},
        ),
    )
seconds = time.perf_counter() - start
print(json.dumps({"client": "pika", "role": "publish", "count": count, "seconds": seconds, "rate": count / seconds}))
connection.close()
