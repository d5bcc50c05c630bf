"""The local model server's process: ``llama_cpp.server`` with greedy decoding that checks
the grammar on the model's pick first.

Why this is written here: llama-cpp-python (0.3.36) samples with one llama.cpp chain,
penalties -> grammar -> greedy, so at every token the grammar is tested against the
whole vocabulary (151,936 tokens for Qwen2.5). llama.cpp's own sampler (common/sampling,
llama.cpp PR #7424) tests only the token it would pick and falls back to the whole
vocabulary when the grammar rejects that token; that code is not in libllama's API, and
llama-cpp-python has no option for it. ``GrammarCheckedGreedy`` does the same with
libllama's sampler calls.

For greedy decoding the result is the same token, always: the vocabulary's first highest
logit, if the grammar allows it, is also the first highest among the tokens it allows;
otherwise the grammar is applied to the whole vocabulary as before. Only a request at
temperature 0 with a grammar and no logits processor takes this path (every structured
request of ours); anything else keeps llama-cpp-python's chain.

Measured by ``bench/grammar_sampling.py`` (1.5B model, 2 cores, both samplers in one
run, 4 articles of articles_frank): 8 of 8 answers identical; 99 -> 67 ms per generated
token for the summary (the grammar rejected the first pick for 4 to 6 of 265 to 414
tokens), 80 -> 67 for the names' question; the summary's request, prompt included,
55.6 -> 43.8 s median. Tried and not adopted: llama-cpp-python's prompt-lookup drafts,
slower on the seed article (17.6 -> 29.6 s of generation with 4 drafted tokens) and
another answer.

``main()`` installs it (and ``summarize.prompt_cache``) and runs ``llama_cpp.server`` with
the process's command line;
``summarize.local_server`` starts its child that way, and ``python -m
summarize.local_sampler ARGS`` does the same by hand. llama_cpp is imported by the child
only.
"""

from __future__ import annotations

import ctypes
import importlib
import math
import sys
from typing import Any

__all__ = ["GrammarCheckedGreedy", "install", "main"]


class GrammarCheckedGreedy:
    """A greedy sampler for one generation under ``grammar``, with llama-cpp-python's
    repetition penalties, shaped like its ``LlamaSampler`` (``sample(ctx, idx)``).

    ``checked`` counts the tokens picked, ``fallbacks`` those for which the grammar
    rejected the first pick and was applied to the whole vocabulary.
    """

    def __init__(self, llama: Any, grammar: Any, *, repeat_penalty: float, frequency_penalty: float,
                 presence_penalty: float) -> None:
        import numpy as np

        # Typed as Any: llama_cpp's ctypes signatures are only partly annotated.
        llama_cpp: Any = importlib.import_module("llama_cpp")
        _internals: Any = importlib.import_module("llama_cpp._internals")
        self._llama_cpp, self._np = llama_cpp, np
        self.n_vocab = int(llama._n_vocab)
        # The same penalties as llama-cpp-python's chain, built by the same call.
        self.penalties = _internals.LlamaSampler()
        self.penalties.add_penalties(
            n_vocab=self.n_vocab, penalty_last_n=llama.last_n_tokens_size, penalty_repeat=repeat_penalty,
            penalty_freq=frequency_penalty, penalty_present=presence_penalty,
        )  # fmt: skip
        self.grammar = _internals.LlamaSampler()
        self.grammar.add_grammar(llama._model, grammar)
        self._data = (llama_cpp.llama_token_data * self.n_vocab)()
        self._view = np.ctypeslib.as_array(self._data)
        # Set once: neither the penalties nor the grammar reorder the array or touch "p";
        # each step writes only the logits.
        self._view["id"] = np.arange(self.n_vocab, dtype=np.int32)
        self._view["p"] = 0.0
        self._one = (llama_cpp.llama_token_data * 1)()
        self.checked = 0
        self.fallbacks = 0

    def sample(self, ctx: Any, idx: int) -> int:
        """The next token: the highest logit after penalties that the grammar allows."""
        llama_cpp, np, view = self._llama_cpp, self._np, self._view
        logits = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        view["logit"] = np.ctypeslib.as_array(logits, shape=(self.n_vocab,))
        every = llama_cpp.llama_token_data_array(self._data, self.n_vocab, -1, False)
        llama_cpp.llama_sampler_apply(self.penalties.sampler, ctypes.byref(every))
        best = int(np.argmax(view["logit"]))
        token = int(view["id"][best])
        one = self._one[0]
        one.id, one.logit, one.p = token, float(view["logit"][best]), 0.0
        llama_cpp.llama_sampler_apply(
            self.grammar.sampler, ctypes.byref(llama_cpp.llama_token_data_array(self._one, 1, -1, False))
        )
        self.checked += 1
        if math.isinf(one.logit):  # the grammar sets a token it rejects to -inf
            self.fallbacks += 1
            llama_cpp.llama_sampler_apply(self.grammar.sampler, ctypes.byref(every))
            token = int(view["id"][int(np.argmax(view["logit"]))])
        llama_cpp.llama_sampler_accept(self.penalties.sampler, token)
        llama_cpp.llama_sampler_accept(self.grammar.sampler, token)
        return token


def install() -> None:
    """Make every ``llama_cpp.Llama`` in this process sample greedy grammar requests with
    ``GrammarCheckedGreedy``. Idempotent."""
    Llama: Any = importlib.import_module("llama_cpp.llama").Llama  # noqa: N806 - the class

    stock = Llama._init_sampler
    if getattr(stock, "_grammar_checked", False):
        return

    def init_sampler(self: Any, *args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        if (grammar is None or args or kwargs.get("temp", 0.8) != 0.0 or kwargs.get("logits_processor") is not None
                or kwargs.get("mirostat_mode", 0)):
            return stock(self, *args, **kwargs)
        try:
            return GrammarCheckedGreedy(
                self, grammar, repeat_penalty=kwargs.get("repeat_penalty", 1.0),
                frequency_penalty=kwargs.get("frequency_penalty", 0.0),
                presence_penalty=kwargs.get("presence_penalty", 0.0),
            )  # fmt: skip
        except (AttributeError, TypeError) as exc:
            # llama-cpp-python's internals moved (it is pinned, but may be upgraded by
            # hand): its own sampler gives the same tokens, only slower. Said in the log.
            print(f"summarize.local_sampler: using llama-cpp-python's sampler: {exc!r}", file=sys.stderr)
            return stock(self, *args, **kwargs)

    init_sampler._grammar_checked = True  # type: ignore[attr-defined]
    Llama._init_sampler = init_sampler


def main(prompt_cache: str | None = None) -> None:
    """Run ``llama_cpp.server`` (its command line: ``sys.argv``) with the sampler installed,
    and the first message's state kept in the folder ``prompt_cache`` when one is given
    (``summarize.prompt_cache``)."""
    install()
    if prompt_cache:
        from pathlib import Path

        from summarize.prompt_cache import install as keep_prompts

        keep_prompts(Path(prompt_cache))
    server: Any = importlib.import_module("llama_cpp.server.__main__")
    server.main()


if __name__ == "__main__":
    main()
