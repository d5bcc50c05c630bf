"""The local model's evaluated system message, kept on disk so that a new server process
starts its first request where an earlier one left off (the server's child process only).

Every request of ours starts with the same system message (the rules and the schema's
fields: 415 tokens with the 1.5B model's chat template). A server evaluates it once and
keeps it for every later request (llama-cpp-python reuses the longest common prefix of
its tokens), but each new process, so each ``summarize`` command, evaluated it again:
10.3-10.7 s of the seed request's 921 prompt tokens on 2 cores. With this module the
first process saves those tokens' state (12 MB) and every later one loads it (13 ms).

What is kept: the prompt's tokens up to and including its first end-of-turn or
end-of-sequence token (the end of the first message in a chat template), when at least
``MIN_TOKENS`` long and followed by another whole message: the system message, never a
user's (the article is in the next message, and never reaches the disk). That prefix is
always evaluated on its own, hit or miss, so a request computes the same state and gives
the same answer whether the file existed or not. Files are named by a hash of the model
file's identity (path, size, modification time), llama-cpp-python's version and the
prefix's tokens; at most ``MAX_FILES`` are kept, the least recently used removed first. A
file that does not load is removed and the prefix evaluated again.

Why this is written here: llama-cpp-python's own caches (``LlamaRAMCache``,
``LlamaDiskCache``) save the whole state after every completion, article and answer
included, each with a copy of the scores array (n_batch x n_vocab floats: 311 MB for
Qwen2.5 at n_batch 512, unused when logits_all is off), which the disk cache pickles;
and they look a state up only by the whole prompt's longest prefix. llama.cpp's
``llama_state_save_file`` and ``llama_state_load_file`` keep just the tokens and their
state; this module decides which prefix, names the files and bounds their number.

``install(directory)`` wraps ``Llama.generate`` in this process; ``summarize.local_sampler``
calls it in the server's child. llama_cpp is imported there only.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["MAX_FILES", "MIN_TOKENS", "PromptCache", "install", "prefix_length"]

# A shorter first message is cheap to evaluate again (64 tokens: about 2 s on 2 cores).
MIN_TOKENS = 64
# 12 MB a file for our 415 tokens: the newest 8 cover a few schemas and models.
MAX_FILES = 8
_SUFFIX = ".state"


def prefix_length(tokens: list[int], ends: frozenset[int]) -> int:
    """How many of ``tokens`` to keep: through the first of ``ends`` (the model's end of
    turn and end of sequence), when another message ends after it; else 0, as when the
    prefix is shorter than ``MIN_TOKENS``.

    A lone message is never kept: it is the request itself (a user's message, with the
    article), and only the instructions before it are the same from one request to the
    next and free of what a user sent.
    """
    at = [i for i, token in enumerate(tokens) if token in ends]
    if len(at) < 2:
        return 0
    cut = at[0] + 1
    return cut if cut >= MIN_TOKENS else 0


class PromptCache:
    """The saved prefixes in ``directory``; ``prepare`` puts one in a model's context.

    ``loaded`` and ``saved`` count the prefixes read from and written to disk.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.loaded = 0
        self.saved = 0
        self._identity: dict[str, str] = {}  # model path -> identity, read once per model

    def path(self, llama: Any, prefix: list[int]) -> Path:
        """The file for ``prefix`` under ``llama``'s model."""
        model = str(llama.model_path)
        identity = self._identity.get(model)
        if identity is None:
            stat = os.stat(model)
            version = importlib.import_module("llama_cpp").__version__
            identity = self._identity[model] = f"{os.path.abspath(model)}|{stat.st_size}|{stat.st_mtime_ns}|{version}"
        digest = hashlib.sha256(identity.encode())
        digest.update(b"".join(t.to_bytes(4, "little", signed=True) for t in prefix))
        return self.directory / f"{digest.hexdigest()[:32]}{_SUFFIX}"

    def prepare(self, llama: Any, tokens: list[int]) -> None:
        """Leave ``llama``'s context holding the prefix of ``tokens`` that is kept, from
        its memory, the file, or evaluated and saved; nothing when there is no prefix."""
        # Qwen2.5 ends a turn with its end of sequence; Llama 3 has an end of turn of its own.
        ends = frozenset(t for t in (llama._model.token_eot(), llama.token_eos()) if t >= 0)
        cut = prefix_length(tokens, ends)
        if not cut:
            return
        if llama.n_tokens >= cut and llama.input_ids[:cut].tolist() == tokens[:cut]:
            return  # this process evaluated it already
        prefix = tokens[:cut]
        path = self.path(llama, prefix)
        if path.exists() and self._load(llama, path, prefix):
            return
        started = time.perf_counter()
        llama.reset()
        llama.eval(prefix)
        self._save(llama, path, prefix, time.perf_counter() - started)

    def _load(self, llama: Any, path: Path, prefix: list[int]) -> bool:
        llama_cpp: Any = importlib.import_module("llama_cpp")
        started = time.perf_counter()
        out = (llama_cpp.llama_token * len(prefix))()
        count = ctypes.c_size_t(0)
        try:
            ok = llama_cpp.llama_state_load_file(
                llama.ctx, str(path).encode(), out, len(prefix), ctypes.byref(count))
        except (OSError, ValueError) as exc:  # e.g. a path the C library cannot take
            ok, problem = False, repr(exc)
        else:
            problem = "llama_state_load_file failed"
        if ok and list(out[:count.value]) != prefix:
            ok, problem = False, "its tokens are not the prompt's"
        if not ok:
            _say(f"{path.name} not used ({problem}); evaluating the prompt's first message again")
            with contextlib.suppress(OSError):
                path.unlink()
            return False
        llama.input_ids[:len(prefix)] = prefix
        llama.n_tokens = len(prefix)
        llama._requires_eval = True  # the logits are the file's: decode before sampling
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        self.loaded += 1
        _say(f"loaded {len(prefix)} tokens in {time.perf_counter() - started:.3f} s from {path.name}")
        return True

    def _save(self, llama: Any, path: Path, prefix: list[int], seconds: float) -> None:
        llama_cpp: Any = importlib.import_module("llama_cpp")
        tokens = (llama_cpp.llama_token * len(prefix))(*prefix)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not llama_cpp.llama_state_save_file(llama.ctx, str(partial).encode(), tokens, len(prefix)):
                raise OSError("llama_state_save_file failed")
            os.replace(partial, path)  # whole or not at all, for a process reading it now
        except OSError as exc:  # a full disk or a read-only cache costs speed, not the answer
            with contextlib.suppress(OSError):
                partial.unlink()
            _say(f"not saved ({exc}); evaluated {len(prefix)} tokens in {seconds:.1f} s")
            return
        self.saved += 1
        _say(f"evaluated {len(prefix)} tokens in {seconds:.1f} s, saved as {path.name}")
        self._prune()

    def _prune(self) -> None:
        files = sorted(self.directory.glob(f"*{_SUFFIX}"), key=_mtime, reverse=True)
        for old in files[MAX_FILES:]:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by another process meanwhile
        return 0.0


def _say(message: str) -> None:
    # The server's stderr is its log file (summarize.local_server).
    print(f"summarize.prompt_cache: {message}", file=sys.stderr, flush=True)


def install(directory: Path) -> PromptCache:
    """Make every ``llama_cpp.Llama`` in this process start a generation from the kept
    prefix in ``directory``; the cache already installed, if any, is returned as is."""
    Llama: Any = importlib.import_module("llama_cpp.llama").Llama  # noqa: N806 - the class

    stock = Llama.generate
    installed: PromptCache | None = getattr(stock, "_prompt_cache", None)
    if installed is not None:
        return installed
    cache = PromptCache(directory)

    def generate(self: Any, tokens: Any, *args: Any, **kwargs: Any) -> Any:
        # Only what llama-cpp-python's completions call: keywords, a fresh prompt, no
        # logits kept per token (those would need the prefix's scores too).
        if not args and kwargs.get("reset", True) and not self._logits_all:
            tokens = list(tokens)
            cache.prepare(self, tokens)
        return stock(self, tokens, *args, **kwargs)

    generate._prompt_cache = cache  # type: ignore[attr-defined]
    Llama.generate = generate
    return cache
