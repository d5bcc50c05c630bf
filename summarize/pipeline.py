"""Composes the stages: article → prompt → model call → checks → ``SummaryResult``.

The re-ask loop lives here, written once as ``_Run`` (a small state machine) and driven
by a sync and an async loop of a few lines each. Each attempt's answer is validated by
the schema (with the article as context) and then its numbers are checked against the
article's figures. A failed attempt is re-asked with the original request plus only the
last answer and its errors, so the context does not grow with the attempts.

When the re-ask budget is spent: if some answer was valid but had unsupported numbers,
it is returned with a warning (or ``UngroundedNumbers`` in strict mode); if no answer was
valid, ``ValidationFailed`` carries every attempt.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import Any

from pydantic import ValidationError

from summarize.article import Article, parse_text
from summarize.chunking import merge_summaries, split_text
from summarize.errors import UngroundedNumbers, ValidationFailed
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers
from summarize.llm import LLM, Reply
from summarize.prompts import Message, prompt_version, render_messages, render_reask
from summarize.result import Attempt, SummaryResult, Usage
from summarize.retry import RateGate
from summarize.schema import ArticleSummary, normalise_quote, trim_quote
from summarize.settings import Settings, resolve_settings

__all__ = ["Summarizer", "asummarize", "summarize"]

log = logging.getLogger("summarize")


def _as_article(article: Article | str) -> Article:
    return article if isinstance(article, Article) else parse_text(article)


class _Run:
    """The state of summarizing one article across its attempts."""

    def __init__(self, article: Article, settings: Settings, model: str) -> None:
        self.article = article
        self.settings = settings
        self.model = model
        self.started = time.perf_counter()
        self.base_messages = render_messages(article)
        self.messages: list[Message] = self.base_messages
        self.context: dict[str, Any] = {"article": article.text}
        self.figures: list[Figure] = find_figures(article.text)
        self.usage = Usage()
        self.attempts: list[Attempt] = []
        # The best valid summary so far whose numbers were not all grounded.
        self.fallback: tuple[ArticleSummary, NumberReport] | None = None

    @property
    def temperature(self) -> float | None:
        """None for the first call; re-asks sample warmer, since at temperature 0 a small
        model tends to repeat its rejected answer word for word."""
        if not self.attempts:
            return None
        return max(self.settings.temperature, self.settings.reask_temperature)

    @property
    def budget_left(self) -> bool:
        return len(self.attempts) <= self.settings.max_reasks

    def record(self, reply: Reply) -> SummaryResult | None:
        """Judge one answer: a result when it passes, None to re-ask; raise when out of budget."""
        self.usage.add(reply.prompt_tokens, reply.completion_tokens)
        number = len(self.attempts) + 1
        if reply.summary is None:
            self.attempts.append(Attempt(number=number, errors=reply.errors, output=reply.text, kind="schema"))
            # A "figure" quoting a phrase with no number in it is not a figure, and
            # re-asks rarely fix it (8 of 8 on a bench of real articles): drop it now.
            return self._salvage(numberless=True) or self._reask_or_give_up(reply)
        report = check_numbers(reply.summary, self.article.text, article_figures=self.figures)
        if report.ok:
            return self._result(reply.summary, report, [])
        errors = report.reask_message().splitlines()
        self.attempts.append(Attempt(number=number, errors=errors, output=reply.text, kind="numbers"))
        if self.fallback is None or len(report.unsupported) <= len(self.fallback[1].unsupported):
            self.fallback = (reply.summary, report)
        return self._reask_or_give_up(reply)

    def _reask_or_give_up(self, reply: Reply) -> SummaryResult | None:
        if self.budget_left:
            last = self.attempts[-1]
            self.messages = [
                *self.base_messages,
                {"role": "assistant", "content": reply.text or ""},
                {"role": "user", "content": render_reask(last.errors)},
            ]
            return None
        if self.fallback is None:
            salvaged = self._salvage()
            if salvaged is not None:
                return salvaged
            raise ValidationFailed(
                f"no valid summary after {len(self.attempts)} attempts; last errors: "
                + "; ".join(self.attempts[-1].errors)[:500],
                attempts=self.attempts,
                last_output=reply.text,
            )
        summary, report = self.fallback
        flagged = ", ".join(f"{c.text!r} in {c.path}" for c in report.unsupported)
        warning = f"numbers not found in the article: {flagged}"
        result = self._result(summary, report, [warning])
        if self.settings.strict_numbers:
            raise UngroundedNumbers(warning, report=report, result=result)
        log.warning("%s: %s", self.article.source or self.article.key, warning)
        return result

    def _salvage(self, *, numberless: bool = False) -> SummaryResult | None:
        """The last answer that fails only on figure quotes, with those figures dropped.

        Losing a whole summary because one "figure" quotes a phrase the article does not
        contain helps nobody: once the re-asks are spent, such figures are dropped and
        named in a warning (strict mode included: what remains is all checked). With
        ``numberless``, only the latest answer is tried, only quotes holding no number at
        all are dropped, and only a summary whose numbers all check out is accepted.
        """
        folded = normalise_quote(self.article.text)
        texts = frozenset(normalise_quote(f.text) for f in self.figures)
        for attempt in reversed(self.attempts[-1:] if numberless else self.attempts):
            try:
                data = json.loads(attempt.output or "", strict=False)
                figures = data["figures"]
                quotes = [str(f.get("quote", "")) for f in figures]
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
            keep = [normalise_quote(q) in folded or trim_quote(q, texts) is not None for q in quotes]
            if numberless:
                keep = [kept or bool(find_figures(q)) for kept, q in zip(keep, quotes, strict=True)]
            if all(keep):
                continue
            data["figures"] = [f for f, kept in zip(figures, keep, strict=True) if kept]
            try:
                summary = ArticleSummary.model_validate(data, context=self.context)
            except ValidationError:
                continue
            dropped = ", ".join(repr(q) for q, kept in zip(quotes, keep, strict=True) if not kept)
            warnings = [f"figures dropped, their quotes are not in the article: {dropped}"]
            report = check_numbers(summary, self.article.text, article_figures=self.figures)
            if numberless and not report.ok:
                return None
            if not report.ok:
                flagged = ", ".join(f"{c.text!r} in {c.path}" for c in report.unsupported)
                warnings.append(f"numbers not found in the article: {flagged}")
                if self.settings.strict_numbers:
                    raise UngroundedNumbers(warnings[-1], report=report,
                                            result=self._result(summary, report, warnings))
            log.warning("%s: %s", self.article.source or self.article.key, "; ".join(warnings))
            return self._result(summary, report, warnings)
        return None

    def _result(self, summary: ArticleSummary, report: NumberReport, warnings: list[str]) -> SummaryResult:
        return SummaryResult(
            summary=summary,
            numbers=report,
            attempts=self.attempts,
            usage=self.usage,
            model=self.model,
            prompt_version=prompt_version(),
            elapsed_seconds=round(time.perf_counter() - self.started, 3),
            article_id=self.article.key,
            warnings=warnings,
        )


def _combine(article: Article, results: list[SummaryResult], settings: Settings) -> SummaryResult:
    """The result for a whole article from the results of its parts (one part: itself)."""
    if len(results) == 1:
        return results[0]
    summary = merge_summaries([r.summary for r in results])
    report = check_numbers(summary, article.text)
    usage = Usage()
    for r in results:
        usage.prompt_tokens += r.usage.prompt_tokens
        usage.completion_tokens += r.usage.completion_tokens
        usage.llm_calls += r.usage.llm_calls
    attempts = [a.model_copy(update={"number": n}) for n, a in enumerate((a for r in results for a in r.attempts), 1)]
    warnings = [f"the article was summarized in {len(results)} parts to fit the model's context window"]
    warnings += [w for r in results for w in r.warnings]
    result = results[0].model_copy(update={
        "summary": summary, "numbers": report, "attempts": attempts, "usage": usage, "warnings": warnings,
        "article_id": article.key, "elapsed_seconds": round(sum(r.elapsed_seconds for r in results), 3),
    })
    if not report.ok and settings.strict_numbers:
        raise UngroundedNumbers("numbers not found in the article after merging parts", report=report, result=result)
    return result


class Summarizer:
    """A reusable summarizer: one client, one rate gate, many articles (also concurrently).

    ``options`` are setting names (see ``summarize.settings``); anything not given comes
    from the environment, then the defaults (the embedded local model). ``gate`` shares a
    rate gate with other summarizers (the batch worker processes use it).
    """

    def __init__(self, settings: Settings | None = None, *, gate: RateGate | None = None, **options: Any) -> None:
        self.settings = settings if settings is not None else resolve_settings(**options)
        self._gate = gate or RateGate()
        self._llm: LLM | None = None
        self._lock = threading.Lock()
        self._overhead: int | None = None

    def _client(self) -> LLM:
        with self._lock:
            if self._llm is None:
                self._llm = self._connect()
            return self._llm

    def _connect(self) -> LLM:
        s = self.settings
        if s.base_url is None:
            from summarize import local_server

            server = local_server.get_server(s.local_model, s.cache_dir, s.n_ctx)
            base_url, model = server.base_url, server.model
        else:
            base_url, model = s.base_url, s.model or ""
        return LLM(
            base_url=base_url,
            api_key=s.api_key.get_secret_value() if s.api_key else None,
            model=model,
            mode=s.mode,
            timeout=s.timeout,
            temperature=s.temperature,
            max_tokens=s.max_tokens,
            max_retries=s.max_transport_retries,
            deadline=s.transport_deadline,
            gate=self._gate,
        )

    def _parts(self, article: Article, llm: LLM) -> list[Article]:
        """The article, or its parts when it does not fit the model's context window."""
        s = self.settings
        window = s.context_window or (s.n_ctx if s.is_local else None)
        if window is None:
            return [article]
        if self._overhead is None:
            # The prompt around the article, plus room for a re-ask: the rejected answer,
            # the errors, and the new answer.
            empty = render_messages(article.model_copy(update={"text": "."}))
            prompt = llm.count_tokens("\n".join(m["content"] for m in empty))
            self._overhead = prompt + 2 * s.max_tokens + 256
        budget = window - self._overhead
        # A token is at least one byte: short articles need no tokenizer call.
        if len(article.text.encode()) <= budget or llm.count_tokens(article.text) <= budget:
            return [article]
        texts = split_text(article.text, llm.count_tokens, budget)
        log.info("%s: %d parts to fit a %d-token window", article.source or article.key, len(texts), window)
        return [article.model_copy(update={"text": text, "id": article.key}) for text in texts]

    def summarize(self, article: Article | str) -> SummaryResult:
        """Summarize one article (an ``Article`` or its text) and check its numbers."""
        article = _as_article(article)
        llm = self._client()
        results = []
        for part in self._parts(article, llm):
            run = _Run(part, self.settings, llm.model)
            while (result := run.record(llm.call(run.messages, run.context, run.temperature))) is None:
                pass
            results.append(result)
        return _combine(article, results, self.settings)

    async def asummarize(self, article: Article | str) -> SummaryResult:
        """The coroutine twin of ``summarize``; safe to await concurrently."""
        article = _as_article(article)
        llm = self._client()
        results = []
        for part in await asyncio.to_thread(self._parts, article, llm):
            run = _Run(part, self.settings, llm.model)
            while (result := run.record(await llm.acall(run.messages, run.context, run.temperature))) is None:
                pass
            results.append(result)
        return _combine(article, results, self.settings)

    def close(self) -> None:
        """Release the HTTP client (the local model server stays up for reuse until exit)."""
        if self._llm is not None:
            self._llm.close()

    async def aclose(self) -> None:
        """Release the HTTP clients."""
        if self._llm is not None:
            await self._llm.aclose()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def summarize(article: Article | str, **options: Any) -> SummaryResult:
    """Summarize one article and check every number in the summary against it.

    ``article`` is an ``Article`` or plain text (a leading ``date YYYY-MM-DD`` line is
    read as its date). ``options`` override settings such as ``base_url``, ``model``,
    ``max_reasks`` or ``strict_numbers``; see ``summarize.settings``.

    Raises ``InputError``, ``ConfigError``, ``LLMError``, ``ValidationFailed`` and, with
    ``strict_numbers=True``, ``UngroundedNumbers``; all derive from ``SummarizeError``.
    """
    with Summarizer(**options) as summarizer:
        return summarizer.summarize(article)


async def asummarize(article: Article | str, **options: Any) -> SummaryResult:
    """The coroutine twin of ``summarize``."""
    summarizer = Summarizer(**options)
    try:
        return await summarizer.asummarize(article)
    finally:
        await summarizer.aclose()
