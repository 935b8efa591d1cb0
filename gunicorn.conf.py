"""gunicorn's settings in production (the image, docker compose, `make load`).

The gthread worker: its main loop keeps answering the arbiter while a request runs,
so the timeout watches that a worker process is alive, not how long one request
takes, and a long export streams to its end instead of being cut off at 30 s with
its status 200 already sent (a partner got a truncated file that way). One thread a
worker: the work is CPU-bound Python, and more threads only contend for the GIL
(`make load` served fewer requests a second with 4). Arguments on the command line
win over these.
"""

bind = "0.0.0.0:8000"  # inside the container; compose publishes it on 127.0.0.1 only
workers = 3
worker_class = "gthread"
threads = 1
timeout = 30
graceful_timeout = 30
accesslog = "-"
# Access lines end with the request id that the archive's own JSON logs carry.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
