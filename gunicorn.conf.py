"""gunicorn's settings in production (the image, docker compose, `make load`).

Threaded workers (gthread): the arbiter's timeout then watches that a worker process
still answers, not how long one request takes, so a long export streams to its end
instead of being cut off at 30 s with its status 200 already sent (a partner got a
truncated file that way). Arguments on the command line win over these.
"""

bind = "0.0.0.0:8000"  # inside the container; compose publishes it on 127.0.0.1 only
workers = 3
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 30
accesslog = "-"
# Access lines end with the request id that the archive's own JSON logs carry.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
