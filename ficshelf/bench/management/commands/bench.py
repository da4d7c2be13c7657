"""`ficshelf bench <what> [--json]`: the benchmarks that check speed and memory targets.

Each benchmark is a module in ficshelf/bench/ with `add_arguments(parser)` and
`run(**options) -> dict`; register it in BENCHMARKS. Results go to docs/benchmarks.md.
"""

import importlib
import json
import platform

from django.core.management.base import BaseCommand, CommandError

from ficshelf.site.server import tune_garbage_collector

# name → module path; each module has add_arguments(parser) and run(**options) -> dict
BENCHMARKS = {
    "downloads": "ficshelf.bench.downloads",
    "import": "ficshelf.bench.importer",
    "import-hostile": "ficshelf.bench.hostile",
    "notifications": "ficshelf.bench.notifications",
    "sanitize": "ficshelf.bench.sanitize",
    "search": "ficshelf.bench.search",
    "slow-clients": "ficshelf.bench.slow_clients",
}
# Django's own options, which benchmarks do not take.
_BASE_OPTIONS = {"verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color", "skip_checks"}


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(sorted(BENCHMARKS))

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK", required=True)
        for name, module_path in sorted(BENCHMARKS.items()):
            module = importlib.import_module(module_path)
            sub = subparsers.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0])
            sub.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object.")
            module.add_arguments(sub)

    def handle(self, *args, benchmark: str, as_json: bool = False, **options) -> None:
        if benchmark not in BENCHMARKS:
            raise CommandError(f"Unknown benchmark {benchmark!r}; try: {', '.join(sorted(BENCHMARKS))}")
        module = importlib.import_module(BENCHMARKS[benchmark])
        tune_garbage_collector()  # measure with the settings a gunicorn worker runs with
        result = module.run(**{k: v for k, v in options.items() if k not in _BASE_OPTIONS})
        if as_json:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{benchmark} benchmark on {platform.node()} ({platform.machine()}, Python {platform.python_version()})"
        )
        for key, value in result.items():
            self.stdout.write(f"  {key}: {value}")
