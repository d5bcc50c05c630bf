"""Length-framed pickles over a pipe, for the child processes of ``workers`` and ``checker``.

A frame is a 4-byte big-endian length and a pickle. Pickles are safe here: both ends are
this package, in processes this one started. Written by hand because the standard
library's ``multiprocessing.connection`` is blocking and not an asyncio stream, and the
parent reads with asyncio so that a child can never block its event loop.
"""

from __future__ import annotations

import asyncio
import pickle
import struct
from typing import Any, BinaryIO

__all__ = ["frame", "read_frame", "read_frame_blocking"]

_LENGTH = struct.Struct("!I")


def frame(message: Any) -> bytes:
    """``message`` as one frame."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


async def read_frame(reader: asyncio.StreamReader) -> Any:
    """The next message, or None at the end of the stream."""
    try:
        header = await reader.readexactly(_LENGTH.size)
        return pickle.loads(await reader.readexactly(_LENGTH.unpack(header)[0]))  # noqa: S301 - see docstring
    except asyncio.IncompleteReadError:
        return None


def read_frame_blocking(stream: BinaryIO) -> Any:
    """The next message from a blocking binary stream, or None at its end."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    size = _LENGTH.unpack(header)[0]
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return pickle.loads(payload)  # noqa: S301 - see the module docstring
