"""The site itself: `ficshelf serve` (gunicorn and a task worker), the demo archive, process tuning."""
