#!/usr/bin/python3
"""Browser test of the notebooks, as a Jupyter user sees them.

usage: browser-test.py [NOTEBOOK.ipynb]   (default notebooks/nb201_operation_importance.ipynb)

Starts a Jupyter Notebook server on 127.0.0.1 (free port, random token) that
serves a scratch copy of the notebook, opens it in headless Chromium through
chromedriver (Debian's chromium, chromium-driver and python3-selenium),
runs all cells and checks that
  - the kernel shown is "Go (nasred)",
  - every code cell ran and no cell has error or stderr output,
  - at least one inline <img> figure loaded,
  - saving the executed notebook rewrites the committed bytes (the
    pre-save hook in nasred_jupyter.py keeps notebooks output-free).
The server and the browser are stopped by PID at the end, pass or fail, and
the test fails if any process it started is still running. The checkout is
never written: the notebook that Jupyter saves is the scratch copy.
"""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "Go (nasred)"
RUN_TIMEOUT = int(os.environ.get("NASRED_NOTEBOOK_TIMEOUT", "900"))


def log(msg):
    print("[browser-test] " + msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid):
    """Returns the PIDs of every live descendant of pid."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(pids, what):
    """SIGTERM, then SIGKILL after 10 s, each pid; returns those still alive."""
    for p in pids:
        if alive(p):
            try:
                os.kill(p, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    left = [p for p in pids if alive(p)]
    for p in left:
        log("%s PID %d did not stop on SIGTERM; killing it" % (what, p))
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.5)
    return [p for p in pids if alive(p)]


def wait_for(driver, script, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %d s waiting for %s" % (timeout, what))
        time.sleep(0.5)


# The state of the notebook in the page, read from Notebook 6's JavaScript API.
STATE_JS = """
const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
const outs = cells.map(c => c.output_area.outputs);
return {
  kernel: document.querySelector('#kernel_indicator .kernel_indicator_name').textContent.trim(),
  kernelName: Jupyter.notebook.kernel ? Jupyter.notebook.kernel.name : null,
  idle: document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon'),
  prompts: cells.map(c => c.input_prompt_number === undefined ? null : c.input_prompt_number),
  errors: outs.map((o, i) => o.filter(x => x.output_type === 'error' ||
      (x.output_type === 'stream' && x.name === 'stderr')).map(x =>
      'cell ' + i + ': ' + (x.output_type === 'error' ? x.ename + ': ' + x.evalue : x.text))).flat(),
  images: Array.from(document.querySelectorAll('.output_area img')).length,
  loaded: Array.from(document.querySelectorAll('.output_area img')).filter(i => i.complete && i.naturalWidth > 0).length,
};
"""


def check(driver, url):
    driver.get(url)
    wait_for(driver, "return window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && "
             "Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()", 120, "the notebook and its kernel")
    s = driver.execute_script(STATE_JS)
    if s["kernel"] != KERNEL:
        raise AssertionError("kernel shown is %r (%s), want %r" % (s["kernel"], s["kernelName"], KERNEL))
    log("kernel %r (%s) connected; running all cells" % (s["kernel"], s["kernelName"]))
    start = time.monotonic()
    driver.execute_script("Jupyter.notebook.execute_all_cells();")
    deadline = start + RUN_TIMEOUT
    while True:
        time.sleep(1)
        s = driver.execute_script(STATE_JS)
        if s["errors"]:
            break
        if s["idle"] and all(isinstance(p, int) for p in s["prompts"]):
            break
        if time.monotonic() > deadline:
            raise AssertionError("cells did not finish in %d s; prompts %s" % (RUN_TIMEOUT, s["prompts"]))
    # Let images decode.
    wait_for(driver, "return Array.from(document.querySelectorAll('.output_area img')).every(i => i.complete)",
             30, "images to load")
    s = driver.execute_script(STATE_JS)
    log("ran %d code cells in %.0f s: %d inline images, %d loaded" %
        (len(s["prompts"]), time.monotonic() - start, s["images"], s["loaded"]))
    if s["errors"]:
        raise AssertionError("error output:\n  " + "\n  ".join(e[:400] for e in s["errors"]))
    if not all(isinstance(p, int) for p in s["prompts"]):
        raise AssertionError("not every code cell ran: prompts %s" % s["prompts"])
    if s["loaded"] < 1:
        raise AssertionError("no inline <img> figure loaded (%d <img> elements)" % s["images"])


def saved_unchanged(driver, committed, copy):
    """Saves the executed notebook and compares the file with the committed one."""
    driver.execute_script("window._nasredSaved = false; Jupyter.notebook.save_notebook()"
                          ".then(() => { window._nasredSaved = true; });")
    wait_for(driver, "return window._nasredSaved && !Jupyter.notebook.dirty", 60, "the notebook to save")
    with open(committed, "rb") as f:
        want = f.read()
    with open(copy, "rb") as f:
        got = f.read()
    if got != want:
        raise AssertionError("saving the executed notebook changed it (%d bytes, committed %d): "
                             "the checkout would turn dirty" % (len(got), len(want)))
    log("saved notebook is byte-identical to the committed one")


def main():
    nb = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                         os.path.join(ROOT, "notebooks", "nb201_operation_importance.ipynb"))
    work = tempfile.mkdtemp(prefix="nasred-browser-")
    served = os.path.join(work, "notebooks")
    os.makedirs(served)
    shutil.copy(nb, served)
    src = os.path.join(os.path.dirname(nb), "src", os.path.splitext(os.path.basename(nb))[0] + ".gonb")
    os.makedirs(os.path.join(served, "src"))
    shutil.copy(src, os.path.join(served, "src"))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONPATH=os.pathsep.join(filter(None, [os.path.join(ROOT, "scripts"), os.environ.get("PYTHONPATH")])))
    args = ["jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
            "--NotebookApp.port_retries=0", "--NotebookApp.token=" + token,
            "--notebook-dir=" + served, "--FileContentsManager.pre_save_hook=nasred_jupyter.pre_save"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    server_log = os.path.join(work, "server.log")
    server = driver = None
    started = []  # every PID this test started, for the final check
    ok = False
    try:
        with open(server_log, "w") as f:
            server = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        started.append(server.pid)
        base = "http://127.0.0.1:%d" % port
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen("%s/api/status?token=%s" % (base, token), timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("Jupyter server did not start on port %d" % port)
                time.sleep(0.5)
        log("server PID %d on port %d" % (server.pid, port))

        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--window-size=1280,2000", "--user-data-dir=" + os.path.join(work, "profile")):
            opts.add_argument(a)
        service = Service("/usr/bin/chromedriver", log_path=os.path.join(work, "chromedriver.log"))
        driver = webdriver.Chrome(service=service, options=opts)
        started.append(service.process.pid)
        started.extend(descendants(service.process.pid))
        log("browser: chromedriver PID %d, %d Chromium processes" % (service.process.pid, len(started) - 2))

        check(driver, "%s/notebooks/%s?token=%s" % (base, os.path.basename(nb), token))
        saved_unchanged(driver, nb, os.path.join(served, os.path.basename(nb)))
        ok = True
    except Exception as e:  # report, then clean up and fail
        log("FAIL: %s" % e)
    finally:
        # Record every descendant (Chromium's renderers, the kernel, its cell
        # programs and gopls), close the browser, stop the server (which shuts
        # its kernels down), then make sure each recorded PID is gone.
        for parent in list(started):
            started.extend(p for p in descendants(parent) if p not in started)
        if driver is not None:
            try:
                driver.quit()
            except Exception as e:
                log("closing the browser: %s" % e)
        if server is not None:
            stop([server.pid], "server")
            server.wait()
        leftover = [p for p in started if alive(p)]
        if leftover:
            log("stopping PIDs left after the server stopped: %s" % leftover)
        left = stop(leftover, "leftover")
        if left:
            log("FAIL: processes still running: %s" % left)
            ok = False
        if not ok and os.path.exists(server_log):
            with open(server_log) as f:
                log("server log (end):\n" + f.read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    if not ok:
        sys.exit(1)
    log("ok")


if __name__ == "__main__":
    main()
