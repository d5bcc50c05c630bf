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
otherwise the grammar is applied to the whole vocabulary as before. A re-ask samples at a
temperature above 0 (``Settings.reask_temperature``): ``GrammarCheckedSampling`` then
draws with llama-cpp-python's chain from the whole vocabulary and applies the grammar only
when it rejects the draw, a draw as valid but not the same token for token (see it).
Only a request with a grammar, no logits processor and no mirostat takes either path
(every structured request of ours); anything else keeps llama-cpp-python's chain.

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

__all__ = ["GrammarCheckedGreedy", "GrammarCheckedSampling", "install", "main"]


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


class GrammarCheckedSampling(GrammarCheckedGreedy):
    """``GrammarCheckedGreedy`` for sampling at a temperature above 0: llama-cpp-python's
    chain after the grammar (top-k, typical, top-p, min-p, temperature, a draw seeded by
    ``seed``) picks a token from the whole vocabulary, and the grammar is applied to the
    whole vocabulary, and the chain run again, only when it rejects that token.

    This is llama.cpp's common sampler's order. Without the truncations (top-k and the
    rest) it draws from the same distribution as applying the grammar first: a token the
    grammar allows is drawn with probability p, plus the rejection's share times p
    renormalised over the allowed tokens, which sums to that renormalised p. With them,
    the truncations act on every token rather than only the allowed ones: the draw is
    not llama-cpp-python's, token for token, only as valid.
    """

    def __init__(self, llama: Any, grammar: Any, *, top_k: int, typical_p: float, top_p: float, min_p: float,
                 temp: float, repeat_penalty: float, frequency_penalty: float, presence_penalty: float) -> None:
        super().__init__(llama, grammar, repeat_penalty=repeat_penalty, frequency_penalty=frequency_penalty,
                         presence_penalty=presence_penalty)
        _internals: Any = importlib.import_module("llama_cpp._internals")
        # The same calls, with the same arguments, as llama-cpp-python's _init_sampler.
        self.draw = _internals.LlamaSampler()
        self.draw.add_top_k(top_k)
        self.draw.add_typical(typical_p, 1)
        self.draw.add_top_p(top_p, 1)
        self.draw.add_min_p(min_p, 1)
        self.draw.add_temp(temp)
        self.draw.add_dist(llama._seed)
        self._ids = self._np.arange(self.n_vocab, dtype=self._np.int32)

    def sample(self, ctx: Any, idx: int) -> int:
        """The next token, drawn after penalties from what the grammar allows."""
        llama_cpp, np, view = self._llama_cpp, self._np, self._view
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx.ctx, idx), shape=(self.n_vocab,))
        every = self._fresh(logits)
        llama_cpp.llama_sampler_apply(self.penalties.sampler, ctypes.byref(every))
        penalised = view["logit"].copy()  # the truncations below sort and cut the array
        token = self._draw(every)
        one = self._one[0]
        one.id, one.logit, one.p = token, 0.0, 0.0
        llama_cpp.llama_sampler_apply(
            self.grammar.sampler, ctypes.byref(llama_cpp.llama_token_data_array(self._one, 1, -1, False))
        )
        self.checked += 1
        if math.isinf(one.logit):  # the grammar sets a token it rejects to -inf
            self.fallbacks += 1
            every = self._fresh(penalised)
            llama_cpp.llama_sampler_apply(self.grammar.sampler, ctypes.byref(every))
            token = self._draw(every)
        llama_cpp.llama_sampler_accept(self.penalties.sampler, token)
        llama_cpp.llama_sampler_accept(self.grammar.sampler, token)
        llama_cpp.llama_sampler_accept(self.draw.sampler, token)
        return token

    def _fresh(self, logits: Any) -> Any:
        """The whole vocabulary, in token order, with ``logits``, as an array to apply samplers to."""
        view = self._view
        view["id"] = self._ids
        view["logit"] = logits
        view["p"] = 0.0
        return self._llama_cpp.llama_token_data_array(self._data, self.n_vocab, -1, False)

    def _draw(self, every: Any) -> int:
        self._llama_cpp.llama_sampler_apply(self.draw.sampler, ctypes.byref(every))
        return int(self._data[every.selected].id)


def install() -> None:
    """Make every ``llama_cpp.Llama`` in this process sample grammar requests with
    ``GrammarCheckedGreedy`` (temperature 0) or ``GrammarCheckedSampling``. Idempotent."""
    Llama: Any = importlib.import_module("llama_cpp.llama").Llama  # noqa: N806 - the class

    stock = Llama._init_sampler
    if getattr(stock, "_grammar_checked", False):
        return

    def init_sampler(self: Any, *args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        temp = kwargs.get("temp", 0.8)
        if (grammar is None or args or temp < 0.0 or kwargs.get("logits_processor") is not None
                or kwargs.get("mirostat_mode", 0)):
            return stock(self, *args, **kwargs)
        penalties = {"repeat_penalty": kwargs.get("repeat_penalty", 1.0),
                     "frequency_penalty": kwargs.get("frequency_penalty", 0.0),
                     "presence_penalty": kwargs.get("presence_penalty", 0.0)}
        try:
            if temp == 0.0:
                return GrammarCheckedGreedy(self, grammar, **penalties)
            return GrammarCheckedSampling(
                self, grammar, top_k=kwargs.get("top_k", 40), typical_p=kwargs.get("typical_p", 1.0),
                top_p=kwargs.get("top_p", 0.95), min_p=kwargs.get("min_p", 0.05), temp=temp, **penalties,
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
