"""Unit tests of src/main/python/build_site.py on small synthetic notebooks (no kernel; a few seconds).

Run: .venv/bin/python -m unittest -q src/test/python/test_build_site.py   (./course test does)
"""
import base64
import importlib.util
import json
import re
import shutil
import tempfile
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("build_site", ROOT / "src" / "main" / "python" / "build_site.py")
build_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_site)

# a 1x1 PNG
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def timing(start_s: int, end_s: int) -> dict:
    return {"execution": {"iopub.status.busy": f"2026-01-01T10:00:{start_s:02d}.000000Z",
                          "iopub.execute_input": f"2026-01-01T10:00:{start_s:02d}.000000Z",
                          "shell.execute_reply": f"2026-01-01T10:00:{end_s:02d}.500000Z"}}


def notebook(title: str, plots: int, executed: bool, error: bool = False):
    cells = [new_markdown_cell(f"# {title}\n\nSome text with $x^2$."),
             new_code_cell("%classpath ../lib/*.jar")]
    for k in range(plots):
        cells.append(new_code_cell(f"chart{k}"))
    if error:
        cells.append(new_code_cell("throw new RuntimeException()"))
    nb = new_notebook(cells=cells)
    if executed:
        second = 0
        for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            cell.execution_count = n + 1
            cell.metadata.update(timing(second, second + 2))
            second += 3
            if cell.source.startswith("chart"):
                cell.outputs = [new_output("execute_result", data={"image/png": PNG, "text/plain": "chart"},
                                           execution_count=n + 1)]
            if cell.source.startswith("throw"):
                cell.outputs = [new_output("error", ename="RuntimeException", evalue="boom", traceback=["boom"])]
        nb.metadata["jdl_course"] = {"profile": "fast", "seconds": 12.5, "exit_code": 0}
    return nb


class BuildSiteTest(unittest.TestCase):

    def setUp(self):
        (ROOT / "target").mkdir(exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="site-test-", dir=ROOT / "target"))
        self.root = self.tmp / "course"
        (self.root / "notebooks" / "solutions").mkdir(parents=True)
        self.executed = self.tmp / "executed"
        (self.executed / "solutions").mkdir(parents=True)
        (self.root / "README.md").write_text("# Test course\n", encoding="utf-8")
        self.out = self.tmp / "site"

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def add(self, name, title, plots, solution=False, executed=True, error=False):
        sub = "solutions/" if solution else ""
        nbformat.write(notebook(title, plots, executed=False), self.root / "notebooks" / f"{sub}{name}")
        if executed:
            nbformat.write(notebook(title, plots, executed=True, error=error), self.executed / f"{sub}{name}")

    def build(self):
        return build_site.main(["--root", str(self.root), "--from", str(self.executed), "--out", str(self.out)])

    def check(self):
        return build_site.check(self.root, self.out, [])

    def test_index_lists_every_notebook_in_course_order_with_titles_times_and_solutions(self):
        self.add("01_b.ipynb", "01 · Second", 2)
        self.add("00_a.ipynb", "00 · First", 1)
        self.add("01b_c.ipynb", "01b · Third", 3)
        self.add("01_b_solutions.ipynb", "Solutions to 01", 1, solution=True)
        self.assertEqual(self.build(), 0)
        index = (self.out / "index.html").read_text(encoding="utf-8")
        first, second, third = (index.index(f'href="{p}"') for p in ("00_a.html", "01_b.html", "01b_c.html"))
        self.assertLess(first, second)
        self.assertLess(second, third)
        for text in ("Test course", "00 · First", "01b · Third", "solutions/01_b_solutions.html", "fast",
                     "8.5 s", "12.5 s"):   # 00_a: 3 cells, first starts at 0 s, last replies at 8.5 s
            self.assertIn(text, index)
        manifest = {e["name"]: e for e in json.loads((self.out / "site.json").read_text(encoding="utf-8"))}
        self.assertEqual(manifest["01_b.ipynb"]["solutions"], ["solutions/01_b_solutions.html"])
        self.assertEqual(manifest["01b_c.ipynb"]["pngs"], 3)
        self.assertEqual(self.check(), [])

    def test_each_page_embeds_its_plots_and_loads_nothing_but_mathjax(self):
        self.add("00_a.ipynb", "00 · First", 2)
        self.assertEqual(self.build(), 0)
        page = (self.out / "00_a.html").read_text(encoding="utf-8")
        self.assertEqual(len(build_site.PNG_IN_HTML.findall(page)), 2)
        self.assertIn('href="index.html"', page)
        external = [u for pair in build_site.EXTERNAL.findall(page) for u in pair if u]
        self.assertTrue(external and all(u.startswith(build_site.MATHJAX_HOST) for u in external), external)

    def test_failed_and_missing_notebooks_are_reported(self):
        self.add("00_a.ipynb", "00 · First", 1, error=True)
        self.add("01_b.ipynb", "01 · Second", 1, executed=False)
        self.assertEqual(self.build(), 1)
        manifest = {e["name"]: e for e in json.loads((self.out / "site.json").read_text(encoding="utf-8"))}
        self.assertEqual(manifest["00_a.ipynb"]["status"], "error")
        self.assertIn("RuntimeException: boom", manifest["00_a.ipynb"]["problem"])
        self.assertEqual(manifest["01_b.ipynb"]["status"], "not run")
        problems = self.check()
        self.assertTrue(any("00_a.ipynb: error" in p for p in problems), problems)
        self.assertTrue(any("01_b.html: the chapter has no plots" in p for p in problems), problems)

    def test_check_finds_a_notebook_missing_from_the_site_and_a_page_without_its_plots(self):
        self.add("00_a.ipynb", "00 · First", 2)
        self.assertEqual(self.build(), 0)
        self.add("02_new.ipynb", "02 · New", 1)          # added after the build
        page = self.out / "00_a.html"
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'(<img[^>]+src=")data:image/png;base64,', r'\1data:x,', text, count=1), encoding="utf-8")
        problems = self.check()
        self.assertIn("index.html does not link 02_new.html (02_new.ipynb)", problems)
        self.assertIn("00_a.html embeds 1 PNG images, its executed notebook has 2", problems)

    def test_without_a_solutions_folder(self):
        shutil.rmtree(self.root / "notebooks" / "solutions")
        self.add("00_a.ipynb", "00 · First", 1)
        self.assertEqual(self.build(), 0)
        self.assertNotIn("<h2>Solutions</h2>", (self.out / "index.html").read_text(encoding="utf-8"))
        self.assertEqual(self.check(), [])


if __name__ == "__main__":
    unittest.main()
