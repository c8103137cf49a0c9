"""`make bench` (or `python -m bench [name ...]`): run every bench/bench_*.py.

Each module has a `main()` that prints its figures and ratios against a
baseline it measures in the same run.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv):
    # Options after the names (`national --scale 0.05`) go to the benches that take them: main(options).
    first_option = next((n for n, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    argv, options = argv[:first_option], argv[first_option:]
    names = argv or sorted(
        info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]) if info.name.startswith("bench_")
    )
    for name in names:
        module_name = name if name.startswith("bench_") else f"bench_{name}"
        print(f"== {module_name}")
        module = importlib.import_module(f"bench.{module_name}")
        module.main(options) if options else module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
