// End-to-end browser test: JupyterLab from the project's .venv on loopback, notebook 00 run through the UI in
// headless Chromium (Debian's `chromium`, driven by playwright-core), a screenshot under target/browser/.
//
//   node src/test/browser/lab_test.mjs        (normally through ./course test or ./course browser-test)
//
// Environment (./course sets all of it with kernel_env):
//   COURSE_ROOT             the repository (default: two folders above this file's folder)
//   COURSE_VENV             the project's virtual environment (default: $COURSE_ROOT/.venv)
//   COURSE_BROWSER_MODULES  the folder whose node_modules holds playwright-core (default: $COURSE_ROOT/.cache/browser-test)
//   CHROMIUM                the Chromium binary (default: chromium on PATH)
//   COURSE_BROWSER_NOTEBOOK the notebook to run (default: 00_tour_and_setup_check.ipynb)
//   JUPYTER_PATH, JJAVA_JVM_OPTS, OMP_NUM_THREADS ...: the kernel environment of ./course lab, passed through.
//
// Nothing is written outside target/browser/: the notebook is run from a copy (the test saves it with its outputs),
// Jupyter's runtime, config, data, settings and workspace folders and Chromium's profile and HOME live there too.
// The server and its kernel are stopped at the end, also when the test fails or is interrupted.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.env.COURSE_ROOT || path.join(HERE, '..', '..', '..'));
const VENV = path.resolve(process.env.COURSE_VENV || path.join(ROOT, '.venv'));
const MODULES = path.resolve(process.env.COURSE_BROWSER_MODULES || path.join(ROOT, '.cache', 'browser-test'));
const NOTEBOOK = process.env.COURSE_BROWSER_NOTEBOOK || '00_tour_and_setup_check.ipynb';
const WORK = path.join(ROOT, 'target', 'browser');
const SHOT = path.join(WORK, NOTEBOOK.replace(/\.ipynb$/, '.png'));
const SHOT_CHART = path.join(WORK, NOTEBOOK.replace(/\.ipynb$/, '_chart.png'));

// generous limits; notebook 00 takes about 25-40 s headless
const SERVER_START_MS = 90_000;
const KERNEL_IDLE_MS = 120_000;
const RUN_ALL_MS = 300_000;
const WHOLE_TEST_MS = 540_000;

const t0 = Date.now();
const log = (msg) => console.log(`[browser-test ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class TestFailure extends Error {}
const failTest = (msg) => { throw new TestFailure(msg); };

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch { /* try the next name */ }
  }
  failTest('no chromium on PATH: install it (Debian/Ubuntu: apt-get install --no-install-recommends chromium) '
    + 'or set CHROMIUM=/path/to/chromium; COURSE_SKIP_BROWSER=1 skips the browser test');
}

function loadPlaywright() {
  const require = createRequire(path.join(MODULES, 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    failTest(`playwright-core is not installed in ${MODULES}/node_modules (./course test installs it with npm ci): ${e.message}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

/**
 * A fresh work folder: a copy of the notebook and of the shared setup `course.jsh` next to a `lib` link (its first cell
 * is `%classpath ../lib/*.jar` and `%load course.jsh`).
 */
function prepareWorkFolder() {
  for (const sub of ['lab', 'jupyter', 'chromium-profile', 'home']) {
    fs.rmSync(path.join(WORK, sub), { recursive: true, force: true });
  }
  fs.rmSync(SHOT, { force: true });
  fs.rmSync(SHOT_CHART, { force: true });
  const source = path.join(ROOT, 'notebooks', NOTEBOOK);
  if (!fs.existsSync(source)) failTest(`no notebook ${source}`);
  if (!fs.existsSync(path.join(ROOT, 'lib', 'jdl-course.jar'))) failTest(`no ${ROOT}/lib/jdl-course.jar: build it with ./course setup`);
  const notebooks = path.join(WORK, 'lab', 'notebooks');
  fs.mkdirSync(notebooks, { recursive: true });
  fs.copyFileSync(source, path.join(notebooks, NOTEBOOK));
  fs.copyFileSync(path.join(ROOT, 'notebooks', 'course.jsh'), path.join(notebooks, 'course.jsh'));
  fs.symlinkSync(path.join(ROOT, 'lib'), path.join(WORK, 'lab', 'lib'));
  const jupyter = path.join(WORK, 'jupyter');
  const settings = path.join(jupyter, 'lab-settings');
  // attach every cell to the DOM (the default 'contentVisibility' may skip off-screen cells), no autosave, no news or update toasts
  writeJson(path.join(settings, '@jupyterlab', 'notebook-extension', 'tracker.jupyterlab-settings'), { windowingMode: 'none' });
  writeJson(path.join(settings, '@jupyterlab', 'docmanager-extension', 'plugin.jupyterlab-settings'), { autosave: false });
  writeJson(path.join(settings, '@jupyterlab', 'apputils-extension', 'notification.jupyterlab-settings'),
    { checkForUpdates: false, fetchNews: 'false' });
  return { notebooks, jupyter, settings };
}

function startServer(folders, port, token) {
  const jupyterBin = path.join(VENV, 'bin', 'jupyter');
  if (!fs.existsSync(jupyterBin)) failTest(`no ${jupyterBin}: run ./course setup first`);
  const j = folders.jupyter;
  const env = {
    ...process.env,
    COURSE_ROOT: ROOT,
    COURSE_PROFILE: process.env.COURSE_PROFILE || 'fast',
    OMP_NUM_THREADS: process.env.OMP_NUM_THREADS || '1',
    JUPYTER_RUNTIME_DIR: path.join(j, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(j, 'config'),
    JUPYTER_DATA_DIR: path.join(j, 'data'),
    JUPYTERLAB_SETTINGS_DIR: folders.settings,
    JUPYTERLAB_WORKSPACES_DIR: path.join(j, 'workspaces'),
  };
  const args = ['lab', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--ServerApp.token=${token}`, `--ServerApp.root_dir=${folders.notebooks}`,
    '--LabApp.news_url=None', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'];
  if (process.getuid && process.getuid() === 0) args.push('--allow-root');
  const out = fs.openSync(path.join(WORK, 'jupyter.log'), 'w');
  // own process group, so that the cleanup can signal the server and whatever it started
  const child = spawn(jupyterBin, args, { env, cwd: folders.notebooks, detached: true, stdio: ['ignore', out, out] });
  child.exitInfo = null;
  child.on('exit', (code, signal) => { child.exitInfo = { code, signal }; });
  return child;
}

async function api(base, token, route, options = {}) {
  const res = await fetch(`${base}${route}`, {
    ...options,
    headers: { Authorization: `token ${token}`, ...(options.headers || {}) },
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`${options.method || 'GET'} ${route}: HTTP ${res.status}`);
  return res.status === 204 ? null : res.json();
}

async function waitFor(what, ms, probe, { every = 500 } = {}) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) { last = e; }
    await sleep(every);
  }
  failTest(`timed out after ${ms / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

async function kernelState(base, token) {
  const sessions = await api(base, token, '/api/sessions');
  const s = sessions.find((x) => x.path === NOTEBOOK || x.path.endsWith(`/${NOTEBOOK}`));
  return s && s.kernel ? s.kernel.execution_state : null;
}

/** What the page shows: prompts of the code cells, error/stderr outputs, loaded inline images, open dialogs. */
async function pageState(page) {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')];
    const prompts = cells.map((c) => (c.querySelector('.jp-InputArea-prompt')?.textContent || '').trim());
    const stderr = [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map((e) => e.textContent.trim().slice(0, 400));
    const images = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output.jp-RenderedImage img')];
    const loaded = images.filter((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0);
    const dialog = document.querySelector('.jp-Dialog');
    return {
      codeCells: cells.length,
      prompts,
      running: prompts.filter((p) => p.includes('*')).length,
      numbered: prompts.filter((p) => /\[\d+\]/.test(p)).length,
      stderr,
      images: images.length,
      loadedImages: loaded.length,
      dialog: dialog ? dialog.textContent.trim().slice(0, 400) : null,
    };
  });
}

/** Problems in the notebook as JupyterLab saved it: error outputs, stderr streams, unexecuted cells, no PNG. */
function modelProblems(nb) {
  const problems = [];
  let pngs = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== 'code') return;
    if (cell.execution_count == null) problems.push(`cell ${i + 1} has no execution count`);
    for (const out of cell.outputs || []) {
      if (out.output_type === 'error') {
        problems.push(`cell ${i + 1} raised ${out.ename}: ${out.evalue}`);
      } else if (out.output_type === 'stream' && out.name === 'stderr') {
        const text = Array.isArray(out.text) ? out.text.join('') : out.text;
        problems.push(`cell ${i + 1} wrote to stderr: ${text.trim().slice(0, 400)}`);
      } else if (out.data && out.data['image/png']) {
        pngs++;
      }
    }
  });
  if (pngs === 0) problems.push('no image/png output in the saved notebook');
  return { problems, pngs };
}

async function runTest(cleanup) {
  const executablePath = chromiumPath();
  const { chromium } = loadPlaywright();
  const folders = prepareWorkFolder();
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const base = `http://127.0.0.1:${port}`;

  log(`starting JupyterLab on ${base} (root ${path.relative(ROOT, folders.notebooks)}, log target/browser/jupyter.log)`);
  const server = startServer(folders, port, token);
  cleanup.server = server;
  cleanup.base = base;
  cleanup.token = token;
  cleanup.runtime = path.join(folders.jupyter, 'runtime');
  await waitFor('the Jupyter server to answer', SERVER_START_MS, async () => {
    if (server.exitInfo) failTest(`jupyter lab exited (${JSON.stringify(server.exitInfo)}); see target/browser/jupyter.log`);
    return (await api(base, token, '/api/status')) !== null;
  });

  log(`starting ${executablePath} headless`);
  const context = await chromium.launchPersistentContext(path.join(WORK, 'chromium-profile'), {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    env: {
      ...process.env,
      HOME: path.join(WORK, 'home'),
      XDG_CONFIG_HOME: path.join(WORK, 'home', '.config'),
      XDG_CACHE_HOME: path.join(WORK, 'home', '.cache'),
    },
    timeout: 60_000,
  });
  cleanup.context = context;
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  log(`opening /lab/tree/${NOTEBOOK}`);
  await page.goto(`${base}/lab/tree/${encodeURIComponent(NOTEBOOK)}?token=${token}`, { timeout: 60_000 });
  await page.locator('.jp-NotebookPanel .jp-Notebook .jp-Cell').first().waitFor({ state: 'visible', timeout: 60_000 });
  await waitFor('the java kernel to start and be idle', KERNEL_IDLE_MS, async () => {
    const st = await pageState(page);
    if (st.dialog) failTest(`JupyterLab shows a dialog: ${st.dialog}`);
    return (await kernelState(base, token)) === 'idle';
  });
  const before = await pageState(page);
  log(`kernel idle; ${before.codeCells} code cells; Run > Run All Cells`);

  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();

  // done when no cell shows [*] and the kernel has been idle for two polls in a row with every code cell numbered,
  // or for three polls with some cells left unnumbered (JupyterLab stops running the queue at a cell that fails)
  let idlePolls = 0;
  const state = await waitFor('all cells to run', RUN_ALL_MS, async () => {
    const st = await pageState(page);
    if (st.dialog) failTest(`JupyterLab shows a dialog: ${st.dialog}`);
    const idle = (await kernelState(base, token)) === 'idle';
    idlePolls = idle && st.running === 0 ? idlePolls + 1 : 0;
    return idlePolls >= (st.numbered === st.codeCells ? 2 : 3) ? st : null;
  }, { every: 1000 });
  log(`ran ${state.numbered} of ${state.codeCells} code cells; ${state.loadedImages} inline images shown, `
    + `${state.stderr.length} error/stderr outputs on the page`);
  const early = [];
  if (state.numbered !== state.codeCells) {
    early.push(`${state.codeCells - state.numbered} of ${state.codeCells} code cells did not run`);
  }

  if (early.length === 0) {
    await waitFor('an inline chart image to be displayed', 30_000, async () => (await pageState(page)).loadedImages > 0);
  }

  // Save through the UI, then read the notebook as JupyterLab wrote it: error outputs and stderr streams render with
  // the same stderr MIME type on the page, the saved model tells them apart (output_type "error" with ename/evalue).
  // (Autosave is off, and the contents API is read only after the save's PUT has answered: a read during a write makes
  // the server move the half-written file aside as .invalid.)
  const putDone = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/contents/'),
    { timeout: 60_000 });
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Save Notebook$/ }).click();
  const put = await putDone;
  if (put.status() !== 200) failTest(`saving the notebook failed: HTTP ${put.status()} ${await put.text()}`);
  const model = await api(base, token, `/api/contents/${encodeURIComponent(NOTEBOOK)}?content=1&type=notebook`);
  const saved = model.content;
  const { problems, pngs } = modelProblems(saved);
  problems.unshift(...early);

  // a full-page picture: the viewport as tall as the notebook, so that every cell and chart is in it
  const height = await page.evaluate(() => {
    const nb = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
      || document.querySelector('.jp-NotebookPanel .jp-Notebook');
    return nb ? Math.ceil(nb.scrollHeight + (window.innerHeight - nb.clientHeight)) : window.innerHeight;
  });
  const tall = Math.min(Math.max(height, 900), 30_000);
  await page.setViewportSize({ width: 1280, height: tall });
  await page.evaluate(() => {
    const nb = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
    if (nb) nb.scrollTop = 0;
  });
  await sleep(1000);
  await page.screenshot({ path: SHOT, fullPage: true });
  // and one screen scrolled to the first chart
  await page.setViewportSize({ width: 1280, height: 900 });
  const chart = page.locator('.jp-Notebook .jp-OutputArea-output.jp-RenderedImage img').first();
  if ((await chart.count()) > 0) {
    await chart.scrollIntoViewIfNeeded();
    await sleep(500);
    await page.screenshot({ path: SHOT_CHART });
  }
  log(`screenshots: ${path.relative(ROOT, SHOT)} (1280 x ${tall}), ${path.relative(ROOT, SHOT_CHART)}`);

  const final = await pageState(page);
  if (final.stderr.length > 0) {
    problems.push(...final.stderr.map((t) => `error/stderr output shown on the page: ${t}`));
  }
  if (final.loadedImages === 0) problems.push('no inline image is displayed on the page');
  if (consoleErrors.length > 0) log(`page errors (not failing the test): ${consoleErrors.join(' | ')}`);
  if (problems.length > 0) failTest(`${NOTEBOOK} in JupyterLab:\n  ${problems.join('\n  ')}`);
  log(`ok: ${state.codeCells} code cells ran, ${pngs} PNG outputs saved, ${final.loadedImages} images displayed, no error output`);
}

/** Stops Chromium, asks the server to shut down (it stops its kernels), then signals what is left, by process id. */
async function stopAll(cleanup) {
  if (cleanup.context) await cleanup.context.close().catch(() => {});
  const server = cleanup.server;
  if (server && !server.exitInfo) {
    await api(cleanup.base, cleanup.token, '/api/shutdown', { method: 'POST' }).catch(() => {});
    for (let i = 0; i < 40 && !server.exitInfo; i++) await sleep(250);
    for (const sig of ['SIGTERM', 'SIGKILL']) {
      if (server.exitInfo) break;
      try { process.kill(-server.pid, sig); } catch { /* already gone */ }
      for (let i = 0; i < 20 && !server.exitInfo; i++) await sleep(250);
    }
  }
  // a kernel that outlived the server: its command line names a connection file in our runtime folder
  if (cleanup.runtime && fs.existsSync('/proc')) {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
      if (cmd.includes(cleanup.runtime) && Number(pid) !== process.pid) {
        log(`stopping leftover process ${pid}`);
        try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
      }
    }
  }
}

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const cleanup = {};
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await stopAll(cleanup);
    log(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log(`${sig}: stopping`); stop(130); });
  const watchdog = setTimeout(() => { console.error(`browser test: over ${WHOLE_TEST_MS / 1000} s, giving up`); stop(1); }, WHOLE_TEST_MS);
  let code = 0;
  try {
    await runTest(cleanup);
  } catch (e) {
    console.error(`browser test FAILED: ${e instanceof TestFailure ? e.message : e.stack}`);
    console.error(`(JupyterLab log: target/browser/jupyter.log; screenshot, if any: ${path.relative(ROOT, SHOT)})`);
    if (cleanup.context && !fs.existsSync(SHOT)) {
      const page = cleanup.context.pages()[0];
      if (page) await page.screenshot({ path: SHOT, fullPage: true }).catch(() => {});
    }
    code = 1;
  }
  clearTimeout(watchdog);
  await stop(code);
}

main();
