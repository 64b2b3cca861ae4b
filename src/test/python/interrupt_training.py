"""Interrupt a training cell through the Jupyter kernel protocol, as JupyterLab's interrupt button does.

Usage: python interrupt_training.py ROOT [--report FILE]

Starts the `java` kernel (JJava) with jupyter_client, loads the course library from ROOT/lib, starts training an
MLP on Fashion-MNIST for a million steps, sends `interrupt_request` after a few seconds of training, and checks:
  1. the cell's reply comes back promptly with an error naming the interruption;
  2. the training loop itself stopped (a thread left running would keep counting steps): the library's
     TrainingInterrupted was thrown, after as many steps as the loop had completed, within a second of the
     interrupt, and the step counter no longer moves;
  3. the model is usable: it evaluates to a finite loss and better-than-chance accuracy and trains further;
  4. the same for two models trained side by side with Parallel.map: both jobs stop.
Prints one line per measurement and exits 1 with the reason when a check fails.
"""
import argparse
import json
import queue
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

SETUP = r"""
import java.util.*;
import java.util.concurrent.atomic.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import jdl.data.*;
import jdl.nn.*;
import jdl.notebook.*;

ImageSet train = FashionMnist.train().head(6000);
ImageSet test = FashionMnist.test().head(2000);
Params params = new Params(DataType.FLOAT);
Rng rng = new Rng(11);
Mlp mlp = new Mlp(params, "mlp", new MlpConfig(784, List.of(128), 10, Activation.RELU), rng);
SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
Batches batches = new Batches(train.size(), 64, rng.split());
AtomicInteger stepsDone = new AtomicInteger();
AtomicLong lastStepMillis = new AtomicLong();
AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
AtomicLong stoppedMillis = new AtomicLong();
Trainer.Step oneStep = step -> {
    int[] batch = batches.next();
    double l = loss.forward(mlp.forward(Batches.rows(train.images(), batch)), Batches.take(train.labels(), batch));
    mlp.backward(loss.backward());
    stepsDone.set(step);
    lastStepMillis.set(System.currentTimeMillis());
    return l;
};
System.out.println("ready");
"""

TRAIN = r"""
try {
    new Trainer(new Optimizer(params, new Adam(1e-3))).fit("MLP, a million steps", 1_000_000, oneStep);
} catch (RuntimeException e) {
    stoppedBy.set(e);
    stoppedMillis.set(System.currentTimeMillis());
    throw e;
}
"""

AFTER = r"""
int before = stepsDone.get();
long lastStep = lastStepMillis.get();
Thread.sleep(1500);
int after = stepsDone.get();
Throwable t = stoppedBy.get();
if (t != null && !(t instanceof TrainingInterrupted)) {
    t.printStackTrace(System.out);
}
double testLoss = loss.forward(mlp.forward(test.images()), test.labels());
double accuracy = Metrics.accuracy(Metrics.predict(mlp, test.images(), 1000), test.labels());
History more = new Trainer(new Optimizer(params, new Adam(1e-3))).fit("20 more steps", 20, oneStep);
System.out.println("RESULT " + String.join(" ",
    "before=" + before, "after=" + after,
    "exception=" + (t == null ? "none" : t.getClass().getName()),
    "completed=" + (t instanceof TrainingInterrupted ti ? ti.completed() : -1),
    "stoppedMillis=" + stoppedMillis.get(), "lastStepMillis=" + lastStep,
    "testLoss=" + testLoss, "accuracy=" + accuracy,
    "moreSteps=" + more.losses().length, "moreLoss=" + more.recentLoss(1)));
"""

PARALLEL = r"""
AtomicIntegerArray jobSteps = new AtomicIntegerArray(2);
AtomicReference<Throwable> parallelStoppedBy = new AtomicReference<>();
try {
    Parallel.map(List.of(0, 1), job -> {
        Params p = new Params(DataType.FLOAT);
        Rng r = new Rng(20 + job);
        Mlp m = new Mlp(p, "mlp" + job, new MlpConfig(784, List.of(64), 10, Activation.RELU), r);
        SoftmaxCrossEntropy l = new SoftmaxCrossEntropy();
        Batches b = new Batches(train.size(), 64, r.split());
        return new Trainer(new Optimizer(p, new Adam(1e-3))).quiet().fit("job " + job, 1_000_000, s -> {
            int[] batch = b.next();
            double v = l.forward(m.forward(Batches.rows(train.images(), batch)), Batches.take(train.labels(), batch));
            m.backward(l.backward());
            jobSteps.set(job, s);
            return v;
        });
    });
} catch (RuntimeException e) {
    parallelStoppedBy.set(e);
    throw e;
}
"""

PARALLEL_AFTER = r"""
String s0 = jobSteps.get(0) + "," + jobSteps.get(1);
Thread.sleep(1500);
String s1 = jobSteps.get(0) + "," + jobSteps.get(1);
Throwable pt = parallelStoppedBy.get();
System.out.println("RESULT " + "before=" + s0 + " after=" + s1 + " exception="
    + (pt == null ? "none" : pt.getClass().getName()));
"""


class Failure(Exception):
    pass


def run(kc, code, timeout=120.0):
    """Executes code, waits for its reply; returns (reply content, stdout text)."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"], drain_stdout(kc, msg_id)


def drain_stdout(kc, msg_id, timeout=5.0):
    text = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("display_data", "update_display_data"):
            text.append("[display]\n")
        elif msg["msg_type"] == "stream":
            text.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            text.append(msg["content"]["ename"] + ": " + msg["content"]["evalue"])
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return "".join(text)


def result(text):
    for line in text.splitlines():
        if line.startswith("RESULT "):
            return dict(kv.split("=", 1) for kv in line[len("RESULT "):].split())
    raise Failure("no RESULT line in the cell's output:\n" + text)


def interrupt_while_training(km, kc, code, train_seconds):
    """Starts code, lets it train, interrupts; returns (reply content, seconds from interrupt to reply, sent ms)."""
    msg_id = kc.execute(code)
    time.sleep(train_seconds)
    try:
        early = kc.get_shell_msg(timeout=0.1)
        raise Failure("the training cell ended before the interrupt: " + json.dumps(early["content"])[:400])
    except queue.Empty:
        pass
    sent_ms = time.time() * 1000
    sent = time.monotonic()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    seconds = time.monotonic() - sent
    drain_stdout(kc, msg_id, timeout=2.0)
    return reply["content"], seconds, sent_ms


def check(condition, message, report):
    report.append(("ok   " if condition else "FAIL ") + message)
    if not condition:
        raise Failure(message)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--train-seconds", type=float, default=4.0)
    args = parser.parse_args()
    root = args.root.resolve()
    report = []
    km, kc = start_new_kernel(kernel_name="java", startup_timeout=120, cwd=str(root / "notebooks"))
    code = 0
    try:
        content, out = run(kc, f"%classpath {root / 'lib'}/*.jar")
        check(content["status"] == "ok", f"the library loads: {content.get('evalue', '')}", report)
        content, out = run(kc, SETUP)
        check(content["status"] == "ok" and "ready" in out, f"setup cell ran: {content.get('evalue', '')} {out}",
              report)

        content, seconds, sent_ms = interrupt_while_training(km, kc, TRAIN, args.train_seconds)
        check(content["status"] == "error", f"the interrupted cell replied with status {content['status']}", report)
        check(seconds < 5, f"the interrupted cell's reply came {seconds:.2f} s after the interrupt (limit 5 s)",
              report)
        content, out = run(kc, AFTER)
        check(content["status"] == "ok", f"the next cell runs: {content.get('evalue', '')} {out}", report)
        r = result(out)
        check(r["exception"] == "jdl.nn.TrainingInterrupted",
              f"the training loop stopped with {r['exception']} (expected jdl.nn.TrainingInterrupted)", report)
        lag = int(r["stoppedMillis"]) - sent_ms
        check(lag < 1000, f"the loop stopped {lag:.0f} ms after the interrupt was sent (limit 1000 ms)", report)
        check(int(r["completed"]) == int(r["before"]) and int(r["before"]) > 0,
              f"it completed {r['completed']} steps, the last step the loop ran was {r['before']}", report)
        check(r["before"] == r["after"], f"no step ran after the interrupt: {r['before']} then {r['after']} after"
              " 1.5 s", report)
        check(float(r["testLoss"]) < 2.302 and float(r["accuracy"]) > 0.5,
              f"the model is usable: test loss {float(r['testLoss']):.3f} (chance ln 10 = 2.303), accuracy"
              f" {float(r['accuracy']):.3f} after {r['completed']} steps", report)
        check(r["moreSteps"] == "20" and float(r["moreLoss"]) < 2.302,
              f"it trains further: {r['moreSteps']} more steps, loss {float(r['moreLoss']):.3f}", report)
        check("[display]" in out, "the kernel still shows displays (the new run's live progress arrived)", report)

        content, seconds, _ = interrupt_while_training(km, kc, PARALLEL, args.train_seconds)
        check(content["status"] == "error" and seconds < 5,
              f"two models side by side (Parallel.map): reply {content['status']} {seconds:.2f} s after the"
              " interrupt", report)
        content, out = run(kc, PARALLEL_AFTER)
        r = result(out)
        check(r["exception"] == "jdl.nn.TrainingInterrupted" and r["before"] == r["after"]
              and min(int(v) for v in r["before"].split(",")) > 0,
              f"both jobs stopped: steps {r['before']} then {r['after']} after 1.5 s, {r['exception']}", report)
    except Failure:
        code = 1
    except Exception as e:  # the kernel died, a reply never came...
        report.append(f"FAIL {type(e).__name__}: {e}")
        code = 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = "\n".join(report)
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
