"""Running cleanlab deterministically, shared by the live cross-checks and the benchmark
scripts (which add this folder to sys.path).

cleanlab sorts with numpy's default argsort, whose order among equal keys is unspecified;
tokqual breaks every tie by position, which is what a stable sort gives. Under
stable_ties(), np.argsort defaults to kind="stable" and the batched (low-memory) function's
find_top_issues sorts stably too. quiet() silences cleanlab's warnings and printing.
"""

import contextlib
import io
import warnings

import numpy as np
import cleanlab.experimental.label_issues_batched as cl_batched

_argsort = np.argsort


@contextlib.contextmanager
def stable_ties():
    def stable(a, axis=-1, kind=None, order=None, **kw):
        return _argsort(a, axis=axis, kind="stable" if kind is None else kind, order=order, **kw)

    def top_issues(q, *, top=10):
        top = len(q) if top is None or top > len(q) else top
        return _argsort(q, kind="stable")[:top]

    saved = cl_batched.find_top_issues
    np.argsort, cl_batched.find_top_issues = stable, top_issues
    try:
        yield
    finally:
        np.argsort, cl_batched.find_top_issues = _argsort, saved


@contextlib.contextmanager
def quiet():
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield
