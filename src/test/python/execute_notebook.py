"""Execute one notebook headlessly through the real `java` kernel (JJava) with nbclient.

Usage: python execute_notebook.py NOTEBOOK OUTPUT [--cell-timeout SECONDS] [--startup-timeout SECONDS]

Writes the executed notebook to OUTPUT, also when a cell fails or times out, so the JUnit side
(jdl.notebooks.NotebookReport) can name the cell and its error. Exit codes:
  0  every cell ran (error outputs, if any, are in OUTPUT for the caller to report)
  3  a cell timed out (message on stderr, OUTPUT holds the cells run so far)
  4  the kernel could not start or died
The executed notebook's metadata "jdl_course" records COURSE_PROFILE, the wall seconds and the exit code.
"""
import argparse
import os
import sys
import time
from pathlib import Path

# jsonschema, imported by nbformat, compiles some 40 grammars of the optional rfc3987_syntax package for an IRI
# format check that notebook validation never uses: about a second of every notebook's start. Marking the module
# absent makes jsonschema skip that check, as it does wherever the package is not installed.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--cell-timeout", type=int, default=300)
    parser.add_argument("--startup-timeout", type=int, default=120)
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="java",
        timeout=args.cell_timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=False,
        record_timing=True,
        resources={"metadata": {"path": str(args.notebook.parent.resolve())}},
    )
    code = 0
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError:
        pass  # the error output is in the notebook; NotebookReport names the cell
    except CellTimeoutError as e:
        print(f"cell timed out after {args.cell_timeout} s: {e}", file=sys.stderr)
        code = 3
    except DeadKernelError as e:
        print(f"the kernel died: {e}", file=sys.stderr)
        code = 4
    except RuntimeError as e:  # e.g. kernel failed to start in time
        print(f"the kernel could not run the notebook: {e}", file=sys.stderr)
        code = 4
    finally:
        seconds = time.monotonic() - start
        # for the course site (src/main/python/build_site.py): profile and wall time, kernel start included
        nb.metadata["jdl_course"] = {"profile": os.environ.get("COURSE_PROFILE", "unknown"),
                                     "seconds": round(seconds, 1), "exit_code": code}
        args.output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, args.output)
    print(f"executed {args.notebook.name} in {seconds:.1f} s -> {args.output}")
    return code


if __name__ == "__main__":
    sys.exit(main())
