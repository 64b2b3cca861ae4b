"""Checks a Binder-style launch: the `java` kernelspec comes from the given environment, and a kernel started
there (with the environment `start` exported) loads the course library from REPO/lib and finds REPO/data.

Usage: python binder_kernel_check.py REPO ENV
"""
import os
import queue
import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

CODE = r"""
System.out.println("ROOT " + jdl.notebook.Course.root());
System.out.println("PROFILE " + jdl.notebook.Course.profile());
System.out.println("TRAIN " + jdl.data.FashionMnist.train().size());
"""


def run(kc, code, timeout=180):
    msg_id = kc.execute(code)
    out, error = [], None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream":
            out.append(msg["content"]["text"])
        elif kind == "error":
            error = msg["content"]["ename"] + ": " + msg["content"]["evalue"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out), error


def main() -> int:
    repo, env = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    spec = KernelSpecManager().get_kernel_spec("java")
    print(f"kernelspec java: {spec.resource_dir}")
    if not Path(spec.resource_dir).resolve().is_relative_to(env):
        print(f"FAIL the java kernelspec is not the environment's ({env})")
        return 1
    print(f"COURSE_ROOT={os.environ.get('COURSE_ROOT')} COURSE_PROFILE={os.environ.get('COURSE_PROFILE')}")
    km, kc = start_new_kernel(kernel_name="java", startup_timeout=120, cwd=str(repo / "notebooks"))
    try:
        out, error = run(kc, "%classpath ../lib/*.jar")
        if error:
            print(f"FAIL %classpath ../lib/*.jar: {error}")
            return 1
        out, error = run(kc, CODE)
        print(out.strip())
        if error:
            print(f"FAIL the library did not run: {error}")
            return 1
        values = dict(line.split(" ", 1) for line in out.strip().splitlines() if " " in line)
        problems = []
        if Path(values.get("ROOT", "")).resolve() != repo:
            problems.append(f"course root {values.get('ROOT')} is not the repository {repo}")
        if not values.get("TRAIN", "0").isdigit() or int(values["TRAIN"]) < 10000:
            problems.append(f"Fashion-MNIST train has {values.get('TRAIN')} images, expected at least 10000")
        if not values.get("PROFILE", "").startswith("fast"):
            problems.append(f"profile {values.get('PROFILE')}, expected fast (start's default)")
        for p in problems:
            print("FAIL " + p)
        if not problems:
            print("ok   the kernel loaded the library from lib/, verified data/ and runs the fast profile")
        return 1 if problems else 0
    except queue.Empty:
        print("FAIL the kernel did not answer")
        return 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    sys.exit(main())
