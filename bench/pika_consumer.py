# Comparison consumer written the way the RabbitMQ tutorials teach it with pika: a blocking
# connection, basic_consume with a callback that acks each message. Prefetch 1,000.
# Prints one JSON line. Usage: python3 pika_consumer.py URL QUEUE COUNT
import json
import sys
import time

import pika

url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.basic_qos(prefetch_count=1000)
state = {"received": 0, "start": 0.0}


def callback(ch, method, properties, body):
    if state["received"] == 0:
        state["start"] = time.perf_counter()
    state["received"] += 1
    ch.basic_ack(delivery_tag=method.delivery_tag)
    if state["received"] == count:
        ch.stop_consuming()


channel.basic_consume(queue=queue, on_message_callback=callback)
channel.start_consuming()
seconds = time.perf_counter() - state["start"]
print(json.dumps({"client": "pika", "role": "consume", "count": state["received"], "seconds": seconds, "rate": state["received"] / seconds}))
connection.close()
