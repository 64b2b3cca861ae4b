#!/usr/bin/env bash
# Does the repository launch on Binder / a JupyterHub built by repo2docker? This script does what repo2docker
# does with it, without Docker or conda, and checks that the `java` kernel then loads the course library:
#   1. copy the repository as repo2docker sees it (tracked and not-ignored files; no lib/ jars, no .venv/);
#   2. install environment.yml's `pip:` list into a fresh Python environment (conda's python, openjdk and maven
#      are this machine's here);
#   3. run ./postBuild from the copy's root with that environment first on PATH, as repo2docker does;
#   4. start a kernel through ./start and check it (binder_kernel_check.py).
# Usage: src/test/binder/repo2docker-check.sh [WORK_DIR]   (default target/binder-check)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORK="${1:-$ROOT/target/binder-check}"
PYTHON="${PYTHON:-python3}"
step() { printf '==> [%s] %s\n' "$(date +%T)" "$*"; }

rm -rf "$WORK"
mkdir -p "$WORK/repo"
step "1. copying the repository's files to $WORK/repo"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$WORK/repo")
[ -x "$WORK/repo/postBuild" ] || { echo "postBuild is missing or not executable"; exit 1; }
[ -x "$WORK/repo/start" ] || { echo "start is missing or not executable"; exit 1; }
[ ! -e "$WORK/repo/lib/jdl-course.jar" ] || { echo "the copy already has lib/jdl-course.jar"; exit 1; }

step "2. environment.yml's pip list into a fresh environment $WORK/env"
"$PYTHON" -m venv "$WORK/env"
# the entries under '- pip:' (e.g. '-r requirements.txt'), read relative to the repository as conda does
mapfile -t PIP_ARGS < <(awk '/^ *- pip: *$/ {inpip=1; next} inpip && /^ +- / {sub(/^ +- +/, ""); print; next} inpip {inpip=0}' \
  "$WORK/repo/environment.yml" | tr ' ' '\n')
[ "${#PIP_ARGS[@]}" -gt 0 ] || { echo "environment.yml has no pip list"; exit 1; }
(cd "$WORK/repo" && "$WORK/env/bin/python" -m pip install --disable-pip-version-check --quiet "${PIP_ARGS[@]}")
[ -f "$WORK/env/share/jupyter/kernels/java/kernel.json" ] || { echo "no java kernelspec in the environment"; exit 1; }

# repo2docker's environment: the conda env first on PATH, nothing of this project's own setup
CLEAN_ENV=(env -u JUPYTER_PATH -u JUPYTER_PREFER_ENV_PATH -u JUPYTER_PLATFORM_DIRS -u COURSE_ROOT -u JJAVA_JVM_OPTS
  -u COURSE_PROFILE -u JUPYTER_RUNTIME_DIR -u JUPYTER_CONFIG_DIR -u JUPYTER_DATA_DIR
  "PATH=$WORK/env/bin:$PATH" "JUPYTER_RUNTIME_DIR=$WORK/runtime" "JUPYTER_DATA_DIR=$WORK/jupyter-data"
  "JUPYTER_CONFIG_DIR=$WORK/jupyter-config")

step "3. ./postBuild"
(cd "$WORK/repo" && "${CLEAN_ENV[@]}" ./postBuild)
[ -f "$WORK/repo/lib/jdl-course.jar" ] || { echo "postBuild did not build lib/jdl-course.jar"; exit 1; }

step "4. a kernel started through ./start loads the library"
(cd "$WORK/repo" && "${CLEAN_ENV[@]}" ./start python "$ROOT/src/test/python/binder_kernel_check.py" "$WORK/repo" "$WORK/env")
step "done"
