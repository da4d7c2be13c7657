"""The site itself: `ficshelf serve` (gunicorn and a task worker, supervised), task workers' heartbeats, the demo archive, process tuning."""
