"""The ``Figure`` model, apart from the code that finds figures so that this stays plain Python.

The finding and checking modules can be compiled with mypyc (README, "Speed of the number
check"); a pydantic model cannot be: the C code mypyc writes for the class fails to build
(it names ``pydantic.main``, which it never imports), and a model with methods fails
pydantic's own check, which takes the compiled methods for fields without annotations.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from summarize.figure_tables import FigureKind

__all__ = ["Figure"]


class Figure(BaseModel):
    """One figure found in a text, with its span and normalised value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    text: str
    value: float
    high: float | None = None
    kind: FigureKind
    unit: str | None = None
    noun: str | None = None
    hedge: str | None = None
