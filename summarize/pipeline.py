"""Composes the stages: article → prompt → model call → checks → ``SummaryResult``.

The re-ask loop is written once, as ``summarize.attempts.Run`` (a small state machine),
and driven here by a sync and an async loop of a few lines each. After it, the question
that sorts the summary's names (``summarize.name_kinds``), unless ``sort_names`` is off;
its failure costs only the sorting, never the summary.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from summarize.article import Article, parse_text
from summarize.attempts import Run
from summarize.chunking import merge_summaries, split_text
from summarize.errors import LLMError, UngroundedNumbers
from summarize.grounding import check_numbers
from summarize.llm import LLM, Sorting
from summarize.name_kinds import listed_names
from summarize.prompts import render_messages
from summarize.result import SummaryResult, Usage
from summarize.retry import RateGate
from summarize.settings import Settings, resolve_settings

if TYPE_CHECKING:
    import instructor

    from summarize.checker import Checker

__all__ = ["Summarizer", "asummarize", "asummarize_many", "summarize"]

log = logging.getLogger("summarize")


def _as_article(article: Article | str) -> Article:
    return article if isinstance(article, Article) else parse_text(article)


def _combine(article: Article, results: list[SummaryResult], settings: Settings) -> SummaryResult:
    """The result for a whole article from the results of its parts (one part: itself)."""
    if len(results) == 1:
        return results[0]
    summary = merge_summaries([r.summary for r in results])
    report = check_numbers(summary, article.text, article_date=article.date)
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
    rate gate with other summarizers (the batch worker processes use it). While
    ``checker`` is set (``run_batch`` sets it), ``asummarize`` checks numbers in that
    child process (``summarize.checker``). While ``call_slots`` is set (``run_batch``
    sets it too), each request to the model holds one of its slots, and parsing and
    checking the answer hold none: concurrent articles then put at most that many requests
    to the server at a time.
    """

    def __init__(self, settings: Settings | None = None, *, gate: RateGate | None = None, **options: Any) -> None:
        self.settings = settings if settings is not None else resolve_settings(**options)
        self._gate = gate or RateGate()
        self._llm: LLM | None = None
        self._lock = threading.Lock()
        self._overhead: int | None = None
        self.checker: Checker | None = None
        self.call_slots: asyncio.Semaphore | None = None

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

    def _window(self) -> int | None:
        """The model's context window in tokens, when known (set, or the local model's)."""
        s = self.settings
        return s.context_window or (s.n_ctx if s.is_local else None)

    def _parts(self, article: Article, llm: LLM) -> list[Article]:
        """The article, or its parts when it does not fit the model's context window."""
        s = self.settings
        window = self._window()
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
            run = Run(part, self.settings, llm.model)
            while (result := run.record(llm.call(run.messages, run.context, run.temperature))) is None:
                pass
            if self.settings.sort_names and (names := listed_names(result.summary)):
                try:
                    sorting = llm.sort_names(run.sort_messages(result), names)
                except LLMError as exc:  # the summary stands; only its lists go unsorted
                    sorting = Sorting(None, [str(exc)])
                result = run.sorted(result, sorting)
            results.append(result)
        return _combine(article, results, self.settings)

    async def asummarize(self, article: Article | str) -> SummaryResult:
        """The coroutine twin of ``summarize``; safe to await concurrently."""
        article = _as_article(article)
        llm = self._client()
        results = []
        # Splitting may call the server's tokenizer (blocking), so it runs in a thread, but
        # only when there is a context window to fit: a thread hop per article is measurable
        # CPU in a batch against a fast server.
        parts = [article] if self._window() is None else await asyncio.to_thread(self._parts, article, llm)
        for part in parts:
            run = Run(part, self.settings, llm.model)
            while True:
                reply = await llm.acall(run.messages, run.context, run.temperature, self.call_slots)
                checker = self.checker
                report = (await checker.check(reply.summary, part.text, part.date)
                          if checker and reply.summary else None)
                if (result := run.record(reply, report)) is not None:
                    break
            if self.settings.sort_names and (names := listed_names(result.summary)):
                try:
                    sorting = await llm.asort_names(run.sort_messages(result), names, self.call_slots)
                except LLMError as exc:
                    sorting = Sorting(None, [str(exc)])
                result = run.sorted(result, sorting)
            results.append(result)
        return _combine(article, results, self.settings)

    async def asummarize_many(
        self, articles: Iterable[Article | str], *, concurrency: int = 8
    ) -> list[SummaryResult | Exception]:
        """Summarize ``articles`` concurrently, at most ``concurrency`` model calls at a
        time; the results come in the articles' order, and an article that fails gives
        its exception (a ``SummarizeError`` such as ``LLMError``) in its place.

        Unlike ``asyncio.gather`` over ``asummarize``, the server never sees more than
        ``concurrency`` requests (the embedded local model, which answers one at a time,
        sees one), and on a machine with more than one core the numbers are checked in a
        child process for the call (``summarize.batch``).
        """
        from summarize.batch import summarize_concurrently

        return await summarize_concurrently(self, articles, concurrency=concurrency)

    def instructor_client(self) -> instructor.Instructor:
        """An ``instructor.Instructor`` on the configured server (the embedded local model
        by default, started if needed), for response models of your own, such as ones
        with ``GroundedStr`` fields::

            client = summarizer.instructor_client()
            brief = client.chat.completions.create(
                response_model=Brief, max_retries=2, context={"article": text},
                messages=[{"role": "user", "content": "Brief this article:\\n{{ article }}"}])

        Requests get the configured model, temperature and token limit unless they name
        their own, and the structure the server enforces (``json_object`` with the schema on
        llama.cpp). Re-asks are instructor's; faults are the openai client's exceptions.
        It is closed with this summarizer."""
        return self._client().instructor_client()

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


async def asummarize_many(
    articles: Iterable[Article | str], *, concurrency: int = 8, **options: Any
) -> list[SummaryResult | Exception]:
    """Summarize many articles concurrently: ``Summarizer(**options).asummarize_many``."""
    summarizer = Summarizer(**options)
    try:
        return await summarizer.asummarize_many(articles, concurrency=concurrency)
    finally:
        await summarizer.aclose()


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
