from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "ficshelf.bench"
    label = "bench"
    verbose_name = "Benchmarks"
