"""Build the static course site: every notebook executed, converted to self-contained HTML, and an index page.

Usage (normally through ./course site or ./course test):
  python build_site.py --execute [--out target/site]          execute notebooks/*.ipynb and notebooks/solutions/*.ipynb
                                                               with execute_notebook.py (the kernel environment and
                                                               COURSE_PROFILE come from the caller), then convert them
  python build_site.py --from target/executed-notebooks        only convert notebooks executed before (by the tests)
  python build_site.py --check [--out target/site]             check a built site: the index lists every notebook,
                                                               every page exists and embeds all of its PNG plots
Options: --only PREFIX (repeatable: only notebooks whose file name starts with it), --cell-timeout S, --root DIR.

Pages embed their plots as PNG data; the only external resource is MathJax from its CDN (formulas show as LaTeX source
without network). The index lists the chapters in course order (file name order) with their titles (first markdown
heading), status, run time, profile and solutions, and the date and git commit of the build. site.json holds the same.
Exit status: 0 when every notebook ran without error (and, with --check, the site is complete), 1 otherwise.
"""
import argparse
import datetime
import html
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "site_templates"
PNG_IN_HTML = re.compile(r'<img[^>]+src="data:image/png;base64,')
# resources a page loads (not links the reader may follow): script/img/iframe src, stylesheet href, ES module imports
EXTERNAL = re.compile(r'<(?:script|img|iframe|link)\b[^>]*?\b(?:src|href)="(https?://[^"]+)"|import\("(https?://[^"]+)"\)')
MATHJAX_HOST = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/"


@dataclass
class Entry:
    """One notebook of the site."""
    name: str                      # file name, e.g. 06_lstm.ipynb
    kind: str                      # "chapter" or "solution"
    key: str                       # chapter number, e.g. "06" or "07b" ("" when the name has none)
    title: str = ""
    page: str = ""                 # path of the HTML page relative to the site folder
    status: str = "not run"        # "ok", "error", "not run"
    problem: str = ""              # what went wrong, for the index
    cell_seconds: float | None = None   # from nbclient's cell timing: first cell start to last cell reply
    wall_seconds: float | None = None   # runner's wall time including kernel start, when recorded
    profile: str = ""
    pngs: int = 0                  # image/png outputs in the executed notebook
    solutions: list = field(default_factory=list)   # pages of this chapter's solution notebooks


def chapter_key(name: str) -> str:
    m = re.match(r"(\d+[a-z]?)_", name)
    return m.group(1) if m else ""


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"\s*#+\s+(.*\S)", line)
                if m:
                    return re.sub(r"[*_`]", "", m.group(1))
    return ""


def parse_time(stamp: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def cell_seconds(nb) -> float | None:
    """Seconds from the first executed cell's start to the last cell's reply (nbclient's record_timing metadata)."""
    starts, ends = [], []
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        start = timing.get("iopub.status.busy") or timing.get("iopub.execute_input")
        end = timing.get("shell.execute_reply") or timing.get("iopub.status.idle")
        if start and end:
            starts.append(parse_time(start))
            ends.append(parse_time(end))
    if not starts:
        return None
    return round((max(ends) - min(starts)).total_seconds(), 1)


def inspect(nb) -> tuple[str, str, int]:
    """(status, problem, number of PNG outputs) of an executed notebook."""
    pngs = 0
    problem = ""
    unexecuted = 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.execution_count is None and cell.source.strip():
            unexecuted += 1
        for out in cell.get("outputs", []):
            if out.output_type == "error" and not problem:
                problem = f"cell {i}: {out.ename}: {out.evalue}"[:300]
            if "image/png" in out.get("data", {}):
                pngs += 1
    if problem:
        return "error", problem, pngs
    if unexecuted:
        return "error", f"{unexecuted} code cells did not run", pngs
    return "ok", "", pngs


def git_commit(root: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def course_title(root: Path) -> str:
    readme = root / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return "Course notebooks"


def discover(root: Path, only: list[str]) -> list[Entry]:
    def keep(p: Path) -> bool:
        return not only or any(p.name.startswith(o) for o in only)
    entries = [Entry(p.name, "chapter", chapter_key(p.name), page=p.stem + ".html")
               for p in sorted((root / "notebooks").glob("*.ipynb")) if keep(p)]
    solutions = root / "notebooks" / "solutions"
    if solutions.is_dir():
        entries += [Entry(p.name, "solution", chapter_key(p.name), page="solutions/" + p.stem + ".html")
                    for p in sorted(solutions.glob("*.ipynb")) if keep(p)]
    return entries


def source_path(root: Path, e: Entry) -> Path:
    return root / "notebooks" / ("solutions/" if e.kind == "solution" else "") / e.name


def executed_candidates(folder: Path, e: Entry) -> list[Path]:
    if e.kind == "solution":
        return [folder / "solutions" / e.name, folder / e.name]
    return [folder / e.name]


def execute(root: Path, entries: list[Entry], folder: Path, cell_timeout: int) -> None:
    runner = root / "src" / "test" / "python" / "execute_notebook.py"
    for e in entries:
        out = executed_candidates(folder, e)[0]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        print(f"executing {e.name} ...", flush=True)
        start = time.monotonic()
        proc = subprocess.run([sys.executable, str(runner), str(source_path(root, e)), str(out),
                               "--cell-timeout", str(cell_timeout)], capture_output=True, text=True)
        e.wall_seconds = round(time.monotonic() - start, 1)
        out.with_suffix(".log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
        if proc.returncode != 0:
            e.problem = (proc.stderr.strip().splitlines() or [f"runner exit code {proc.returncode}"])[-1][:300]
        print(f"  {e.wall_seconds:.1f} s, exit code {proc.returncode}", flush=True)


def exporter() -> HTMLExporter:
    exp = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)])
    exp.template_file = "course_page.html.j2"
    exp.embed_images = True
    return exp


def convert(root: Path, out: Path, entries: list[Entry], folder: Path | None, default_profile: str) -> None:
    exp = exporter()
    chapters = [e for e in entries if e.kind == "chapter"]
    for e in entries:
        executed = next((p for p in executed_candidates(folder, e) if p.is_file()), None) if folder else None
        nb = nbformat.read(executed or source_path(root, e), as_version=4)
        e.title = notebook_title(nb) or e.name
        if executed:
            status, problem, e.pngs = inspect(nb)
            e.status = "error" if e.problem else status
            e.problem = e.problem or problem
            e.cell_seconds = cell_seconds(nb)
            recorded = nb.metadata.get("jdl_course", {})
            if e.wall_seconds is None:
                e.wall_seconds = recorded.get("seconds")
            e.profile = recorded.get("profile") or default_profile
            if recorded.get("exit_code") and e.status == "ok":
                e.status, e.problem = "error", f"runner exit code {recorded['exit_code']}"
        else:
            e.status, e.problem = "not run", "no executed copy" if folder else "not run"
    for c in chapters:
        c.solutions = [s.page for s in entries if s.kind == "solution" and s.key and s.key == c.key]
    for i, e in enumerate(entries):
        executed = next((p for p in executed_candidates(folder, e) if p.is_file()), None) if folder else None
        nb = nbformat.read(executed or source_path(root, e), as_version=4)
        depth = e.page.count("/")
        up = "../" * depth
        siblings = [x for x in entries if x.kind == e.kind]
        j = siblings.index(e)
        nav = {
            "index": up + "index.html",
            "prev": up + siblings[j - 1].page if j > 0 else None,
            "prev_title": siblings[j - 1].title if j > 0 else None,
            "next": up + siblings[j + 1].page if j + 1 < len(siblings) else None,
            "next_title": siblings[j + 1].title if j + 1 < len(siblings) else None,
            "solutions": [up + s for s in e.solutions],
            "chapter": next((up + c.page for c in chapters if e.kind == "solution" and c.key == e.key and e.key), None),
            "status": e.status,
            "problem": e.problem,
            "profile": e.profile,
        }
        body, _ = exp.from_notebook_node(nb, resources={"metadata": {"name": e.title}, "course_nav": nav})
        page = out / e.page
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(body, encoding="utf-8")


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "–"
    return f"{s:.1f} s" if s < 120 else f"{int(s // 60)} min {s % 60:.0f} s"


def write_index(root: Path, out: Path, entries: list[Entry], mode: str) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.filters["secs"] = fmt_seconds
    chapters = [e for e in entries if e.kind == "chapter"]
    solutions = [e for e in entries if e.kind == "solution"]
    profiles = sorted({e.profile for e in entries if e.profile})
    text = env.get_template("index.html.j2").render(
        title=course_title(root),
        chapters=chapters,
        solutions=solutions,
        chapter_of={c.key: c for c in chapters if c.key},
        page_title={e.page: e.title for e in entries},
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git_commit(root),
        profiles=", ".join(profiles) or "unknown",
        mode=mode,
        total_cells=sum(e.cell_seconds or 0 for e in entries),
        failed=[e for e in entries if e.status != "ok"],
    )
    (out / "index.html").write_text(text, encoding="utf-8")
    (out / "site.json").write_text(json.dumps([asdict(e) for e in entries], indent=1), encoding="utf-8")


def check(root: Path, out: Path, only: list[str]) -> list[str]:
    """Problems of a built site: a notebook missing from the index, a missing page, a page without all of its PNGs."""
    problems = []
    index = out / "index.html"
    if not index.is_file():
        return [f"no {index}"]
    text = index.read_text(encoding="utf-8")
    listed = {html.unescape(h) for h in re.findall(r'href="([^"]+\.html)"', text)}
    manifest = {(e["kind"], e["name"]): e for e in json.loads((out / "site.json").read_text(encoding="utf-8"))}
    for e in discover(root, only):
        if e.page not in listed:
            problems.append(f"index.html does not link {e.page} ({e.name})")
        page = out / e.page
        if not page.is_file():
            problems.append(f"no page {e.page} for {e.name}")
            continue
        m = manifest.get((e.kind, e.name))
        if m is None:
            problems.append(f"site.json does not list {e.name}")
            continue
        if m["status"] != "ok":
            problems.append(f"{e.name}: {m['status']} {m['problem']}".strip())
        body = page.read_text(encoding="utf-8")
        shown = len(PNG_IN_HTML.findall(body))
        if shown != m["pngs"]:
            problems.append(f"{e.page} embeds {shown} PNG images, its executed notebook has {m['pngs']}")
        if e.kind == "chapter" and m["pngs"] == 0:
            problems.append(f"{e.page}: the chapter has no plots")
        for url in (u for pair in EXTERNAL.findall(body) for u in pair if u):
            if not url.startswith(MATHJAX_HOST):
                problems.append(f"{e.page} loads an external resource: {url}")
    return problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--execute", action="store_true", help="execute every notebook, then build the site")
    mode.add_argument("--from", dest="source", type=Path, help="build the site from notebooks executed before")
    mode.add_argument("--check", action="store_true", help="only check a built site")
    p.add_argument("--root", type=Path, default=Path(os.environ.get("COURSE_ROOT", HERE.parent.parent.parent)))
    p.add_argument("--out", type=Path, help="site folder (default ROOT/target/site)")
    p.add_argument("--executed", type=Path, help="with --execute: where executed copies go "
                                                 "(default ROOT/target/site-executed)")
    p.add_argument("--only", action="append", default=[], help="only notebooks whose name starts with this")
    p.add_argument("--cell-timeout", type=int, default=900)
    args = p.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "target" / "site").resolve()
    if args.check:
        problems = check(root, out, args.only)
        for pr in problems:
            print(f"site check: {pr}", file=sys.stderr)
        print(f"site check: {'FAILED' if problems else 'ok'} ({out / 'index.html'})")
        return 1 if problems else 0

    started = time.monotonic()
    entries = discover(root, args.only)
    if not entries:
        print(f"no notebooks in {root / 'notebooks'}", file=sys.stderr)
        return 1
    profile = os.environ.get("COURSE_PROFILE", "unknown")
    if args.execute:
        folder = (args.executed or root / "target" / "site-executed").resolve()
        execute(root, entries, folder, args.cell_timeout)
        mode_text = "executed for this site"
    else:
        folder = args.source.resolve()
        shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
        mode_text = f"executed before (by the tests, copies in {shown}) and converted"
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.html")) + list(out.glob("solutions/*.html")):
        old.unlink()
    convert(root, out, entries, folder, profile)
    write_index(root, out, entries, mode_text)
    failed = [e for e in entries if e.status != "ok"]
    print(f"site: {len(entries)} notebooks ({len(failed)} not ok) -> {out / 'index.html'} "
          f"in {time.monotonic() - started:.1f} s")
    for e in failed:
        print(f"  {e.name}: {e.status} {e.problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
