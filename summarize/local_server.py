"""The embedded model's server: ``llama_cpp.server`` in a child process on 127.0.0.1.

The child runs ``summarize.local_sampler``, which serves ``llama_cpp.server`` with a faster
greedy sampler for grammar-constrained requests (same tokens; see that module), and keeps
the system message's evaluated state in the cache's ``prompts`` folder, so that the first
request of a new process does not evaluate it again (``summarize.prompt_cache``).

``get_server`` runs the server on the file ``summarize.local_model`` assembled, an
OpenAI-compatible endpoint shared by the whole process and reached through the same
``openai`` client as any remote server. The child is stopped at exit, and killed by the
kernel if this process dies abruptly (Ctrl-C, ``kill -9``), so no server is left behind.
llama_cpp is imported by the child only.
"""

from __future__ import annotations

import atexit
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

from summarize.errors import ConfigError, ModelError
from summarize.local_model import MODELS, resolve_model_path

__all__ = ["LocalServer", "die_with_parent", "get_server", "stop_all"]


# llama_cpp.server reads each of its settings from an environment variable of the same
# name (any case) and lets HOST, PORT and CONFIG_FILE override the command line: a HOST
# or API_KEY in the user's shell would expose or lock our server. The child gets none.
_SERVER_ENV = frozenset(
    """api_key cache cache_size cache_type chat_format chat_template_kwargs clip_model_path
    config_file disable_ping_events draft_model draft_model_num_pred_tokens embedding
    flash_attn hf_model_repo_id hf_pretrained_model_name_or_path hf_tokenizer_config_path
    host interrupt_requests kv_overrides last_n_tokens_size logits_all lora_base lora_path
    main_gpu model model_alias mul_mat_q n_batch n_ctx n_gpu_layers n_threads
    n_threads_batch n_ubatch numa offload_kqv port root_path rope_freq_base rope_freq_scale
    rope_scaling_type rpc_servers seed split_mode ssl_certfile ssl_keyfile tensor_split
    type_k type_v use_mlock use_mmap verbose vocab_only yarn_attn_factor yarn_beta_fast
    yarn_beta_slow yarn_ext_factor yarn_orig_ctx""".split()  # noqa: SIM905 - 57 names, a line each is worse
)


def _child_env(env: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.lower() not in _SERVER_ENV}


def _cpu_count() -> int:
    # The cores this process may run on, which a container or taskset can make fewer.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` making the kernel SIGKILL the child when its parent dies (Linux).

    SIGKILL, not SIGTERM: uvicorn's graceful shutdown would wait for a generation in
    flight, and the server has nothing to save.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # loaded before fork, not after
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGKILL))
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook


def _spawn(cmd: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in its own process group, forked by a thread that outlives it.

    PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process:
    spawning from a caller's short-lived worker thread would kill the server with that
    thread. A daemon keeper thread that waits on (and reaps) the child lives exactly as
    long as the process or the child.
    """
    box: list[subprocess.Popen[bytes] | BaseException] = []
    spawned = threading.Event()

    def keep() -> None:
        try:
            with log_path.open("wb") as log:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=_child_env(os.environ),
                    start_new_session=True,
                    preexec_fn=die_with_parent(),
                )
        except BaseException as exc:  # handed to the caller below
            box.append(exc)
            spawned.set()
            return
        box.append(proc)
        spawned.set()
        proc.wait()

    threading.Thread(target=keep, name="summarize-llama-server", daemon=True).start()
    spawned.wait()
    if isinstance(box[0], BaseException):
        raise ModelError(f"cannot start the local model server: {box[0]}") from box[0]
    return box[0]


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:])


# The child's program: summarize.local_sampler, found where this package was (a checkout
# put on sys.path by a script is not on the child's path by itself); the arguments that
# follow are llama_cpp.server's command line.
def _child(prompt_cache: Path | None) -> str:
    """The child's program: this package's ``local_sampler.main``, which runs the server."""
    root = str(Path(__file__).resolve().parents[1])
    folder = None if prompt_cache is None else str(prompt_cache)
    return f"import sys; sys.path.insert(0, {root!r}); from summarize.local_sampler import main; main({folder!r})"


class LocalServer:
    """One ``llama_cpp.server`` child serving one GGUF file on 127.0.0.1.

    ``start()`` returns once ``GET /v1/models`` answers; ``base_url`` and ``model`` are
    then what an OpenAI client needs. ``stop()`` is idempotent. Prefer ``get_server``,
    which shares one server per (model file, n_ctx) across the process. ``prompt_cache``
    is the folder for ``summarize.prompt_cache``'s files; None keeps none.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str,
        n_ctx: int,
        log_dir: Path,
        prompt_cache: Path | None = None,
        threads: int | None = None,
        startup_timeout: float = 180.0,
    ) -> None:
        if n_ctx <= 0:
            raise ConfigError(f"n_ctx must be positive, got {n_ctx}", setting="n_ctx")
        self.model_path = Path(model_path)
        self.model = alias
        self.n_ctx = n_ctx
        self.log_dir = Path(log_dir)
        self.prompt_cache = prompt_cache
        self.threads = threads or _cpu_count()
        self.startup_timeout = startup_timeout
        self.port = 0
        self.log_path: Path | None = None
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL, e.g. ``http://127.0.0.1:PORT/v1``."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        """The server's process id (also its process group id), None before start."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> LocalServer:
        """Start the server and wait until it answers; ``ModelError`` if it cannot."""
        if self.running:
            return self
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.startup_seconds = None
        started = time.monotonic()
        for _ in range(3):  # another program may take the free port before the server does
            self.port = _free_port()
            self.log_path = self.log_dir / f"{_safe(self.model)}-{self.port}.log"
            self._proc = _spawn(self._command(), self.log_path)
            if self._wait_ready(started):
                self.startup_seconds = time.monotonic() - started
                return self
        raise ModelError(f"the local model server found no free port; see {self.log_path}")

    def _command(self) -> list[str]:
        # --chat_format is left out on purpose: Qwen GGUFs carry their chat template.
        return [
            sys.executable, "-c", _child(self.prompt_cache),
            "--model", str(self.model_path), "--model_alias", self.model,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx), "--n_gpu_layers", "0",
            "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads),
            # llama_cpp.server keeps every prompt token's logits by default, for logprobs,
            # which we never ask for: without them the seed prompt's 921 tokens are
            # evaluated in 20-21 s, not 24-26 s, and summarize.prompt_cache can keep state.
            "--logits_all", "False",
            "--verbose", "False",
        ]  # fmt: skip

    def _wait_ready(self, started: float) -> bool:
        """True once the server answers; False if it lost its port; else ModelError."""
        import urllib.request

        # No proxy: an HTTP_PROXY in the environment must not see loopback traffic.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        assert self._proc is not None
        assert self.log_path is not None
        while True:
            code = self._proc.poll()
            if code is not None:
                tail = _tail(self.log_path)
                if "address already in use" in tail.lower():
                    return False
                raise ModelError(
                    f"the local model server exited with status {code} while starting "
                    f"(model {self.model_path}); last lines of {self.log_path}:\n{tail}"
                )
            try:
                with opener.open(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:  # not listening yet (URLError is an OSError)
                pass
            if time.monotonic() - started > self.startup_timeout:
                self.stop()
                raise ModelError(
                    f"the local model server did not answer within {self.startup_timeout:.0f} s; "
                    f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
                )
            time.sleep(0.1)

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM the server's process group, SIGKILL it after ``grace`` seconds."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        # Keep the log of a server that failed to start or died on its own.
        healthy = self.startup_seconds is not None and proc.poll() is None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            # Only while unreaped: a reaped pid may already belong to someone else.
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        if healthy and proc.returncode is not None and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)  # a clean run's log tells nothing

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


_servers: dict[tuple[Path, int], LocalServer] = {}
_servers_lock = threading.Lock()


def get_server(model: str, cache_dir: Path, n_ctx: int) -> LocalServer:
    """The process's server for ``model`` (a known name or a .gguf path) and ``n_ctx``.

    Assembles the model and starts the server on first use; later calls, from any
    thread, get the same running server. Every server is stopped at exit.
    """
    with _servers_lock:
        path = resolve_model_path(model, cache_dir)
        key = (path, n_ctx)
        server = _servers.get(key)
        if server is None or not server.running:
            alias = model if model in MODELS else path.stem
            server = LocalServer(path, alias=alias, n_ctx=n_ctx, log_dir=Path(cache_dir) / "logs",
                                 prompt_cache=Path(cache_dir) / "prompts")
            server.start()
            _servers[key] = server
        return server


@atexit.register
def stop_all() -> None:
    """Stop every server ``get_server`` started (runs at exit too)."""
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.stop()
