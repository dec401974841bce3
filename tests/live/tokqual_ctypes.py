"""ctypes glue for libtokqual, shared by the live cross-check tests and benchmark scripts.

Everything here follows include/tokqual/tokqual.h exactly. Typical use:

    import tokqual_ctypes as tq
    lib = tq.load()                         # $TOKQUAL_LIB or <repo>/build/libtokqual.so
    sent, tok = lib.label_quality_scores(offsets, labels, pred_probs,
                                         token_method="normalized_margin",
                                         sentence_method="softmin", temperature=0.05)
    issues = lib.issues_from_sentence_scores(sent, threshold=0.1)

Non-OK statuses raise TokqualError, carrying .status (an int, see STATUS_NAMES) and
.message (tq_last_error_message() of the failed call).
"""

import ctypes
import os

import numpy as np

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
DEFAULT_LIB = os.path.join(REPO_ROOT, "build", "libtokqual.so")

# tq_status values (tokqual.h).
TQ_OK = 0
TQ_ERR_NULL_ARGUMENT = 1
TQ_ERR_INVALID_SIZE = 2
TQ_ERR_INVALID_OFFSETS = 3
TQ_ERR_INVALID_LABEL = 4
TQ_ERR_INVALID_PROBABILITY = 5
TQ_ERR_INVALID_OPTION = 6
TQ_ERR_INVALID_STRUCT_SIZE = 7
TQ_ERR_INVALID_VALUE = 8
TQ_ERR_BUFFER_TOO_SMALL = 9
TQ_ERR_OUT_OF_MEMORY = 10
TQ_ERR_INTERNAL = 11
STATUS_NAMES = {
    0: "TQ_OK", 1: "TQ_ERR_NULL_ARGUMENT", 2: "TQ_ERR_INVALID_SIZE",
    3: "TQ_ERR_INVALID_OFFSETS", 4: "TQ_ERR_INVALID_LABEL",
    5: "TQ_ERR_INVALID_PROBABILITY", 6: "TQ_ERR_INVALID_OPTION",
    7: "TQ_ERR_INVALID_STRUCT_SIZE", 8: "TQ_ERR_INVALID_VALUE",
    9: "TQ_ERR_BUFFER_TOO_SMALL", 10: "TQ_ERR_OUT_OF_MEMORY", 11: "TQ_ERR_INTERNAL",
    12: "TQ_ERR_INVALID_STATE",
}

# Enum values; the keys are cleanlab's method names.
TOKEN_METHODS = {"self_confidence": 0, "normalized_margin": 1,
                 "confidence_weighted_entropy": 2}
SENTENCE_METHODS = {"min": 0, "softmin": 1}


class TokqualError(Exception):
    """A tokqual function returned a non-OK status."""

    def __init__(self, function, status, message):
        self.function = function
        self.status = int(status)
        self.message = message
        super().__init__(f"{function} failed: {STATUS_NAMES.get(self.status, self.status)} "
                         f"({self.status}): {message}")


class ScoreOptions(ctypes.Structure):
    """tq_score_options."""
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("token_method", ctypes.c_int32),
        ("sentence_method", ctypes.c_int32),
        ("temperature", ctypes.c_double),
        ("n_threads", ctypes.c_int32),
    ]


_i64p = ctypes.POINTER(ctypes.c_int64)
_i32p = ctypes.POINTER(ctypes.c_int32)
_f32p = ctypes.POINTER(ctypes.c_float)
_f64p = ctypes.POINTER(ctypes.c_double)
_optp = ctypes.POINTER(ScoreOptions)


def _ptr(array, ctype):
    """A ctypes pointer into a numpy array (None for None). The caller keeps `array`
    alive for the duration of the call."""
    if array is None:
        return None
    return array.ctypes.data_as(ctype)


def _as(array, dtype):
    return np.ascontiguousarray(np.asarray(array), dtype=dtype)


def default_library_path():
    return os.environ.get("TOKQUAL_LIB") or DEFAULT_LIB


class Tokqual:
    """A loaded libtokqual with numpy-friendly wrappers."""

    def __init__(self, path=None):
        self.path = path or default_library_path()
        lib = ctypes.CDLL(self.path)
        self.lib = lib

        lib.tq_version.restype = ctypes.c_char_p
        lib.tq_version.argtypes = []
        lib.tq_version_number.restype = ctypes.c_int32
        lib.tq_version_number.argtypes = []
        lib.tq_status_string.restype = ctypes.c_char_p
        lib.tq_status_string.argtypes = [ctypes.c_int]
        lib.tq_last_error_message.restype = ctypes.c_char_p
        lib.tq_last_error_message.argtypes = []
        lib.tq_score_options_init.restype = ctypes.c_int
        lib.tq_score_options_init.argtypes = [_optp]
        for name, probp in (("tq_label_quality_scores_f32", _f32p),
                            ("tq_label_quality_scores_f64", _f64p)):
            fn = getattr(lib, name)
            fn.restype = ctypes.c_int
            fn.argtypes = [_i64p, ctypes.c_int64, _i32p, probp, ctypes.c_int64,
                           ctypes.c_int64, _optp, _f64p, _f64p]
        lib.tq_issues_from_sentence_scores.restype = ctypes.c_int
        lib.tq_issues_from_sentence_scores.argtypes = [
            _f64p, ctypes.c_int64, ctypes.c_double, _i64p, _i64p]
        lib.tq_issues_from_token_scores.restype = ctypes.c_int
        lib.tq_issues_from_token_scores.argtypes = [
            _i64p, ctypes.c_int64, _f64p, ctypes.c_int64, ctypes.c_double,
            _i64p, _i64p, _i64p]

    # ---- small things -------------------------------------------------------------

    def version(self):
        return self.lib.tq_version().decode()

    def version_number(self):
        return int(self.lib.tq_version_number())

    def status_string(self, status):
        return self.lib.tq_status_string(int(status)).decode()

    def last_error_message(self):
        return self.lib.tq_last_error_message().decode("utf-8", "replace")

    def _check(self, function, status):
        if status != TQ_OK:
            raise TokqualError(function, status, self.last_error_message())

    def score_options(self, token_method="self_confidence", sentence_method="min",
                      temperature=None, n_threads=None):
        """A tq_score_options filled by tq_score_options_init, then overridden.
        Methods may be given by cleanlab name or by enum value."""
        opts = ScoreOptions()
        self._check("tq_score_options_init", self.lib.tq_score_options_init(ctypes.byref(opts)))
        if token_method is not None:
            opts.token_method = TOKEN_METHODS.get(token_method, token_method)
        if sentence_method is not None:
            opts.sentence_method = SENTENCE_METHODS.get(sentence_method, sentence_method)
        if temperature is not None:
            opts.temperature = float(temperature)
        if n_threads is not None:
            opts.n_threads = int(n_threads)
        return opts

    # ---- scores -------------------------------------------------------------------

    def label_quality_scores_raw(self, offsets, labels, pred_probs, n_classes, options,
                                 sentence_out, token_out, dtype=None, n_sentences=None,
                                 n_tokens=None):
        """Thin call with caller-supplied numpy buffers; returns the status (no raise).
        `options` may be None (NULL) or a ScoreOptions. Lets tests check that failed
        calls leave the buffers untouched. n_sentences / n_tokens default to the
        array sizes; pass them to test size errors."""
        offsets = _as(offsets, np.int64)
        labels = _as(labels, np.int32)
        if dtype is None:
            dtype = np.asarray(pred_probs).dtype
        dtype = np.dtype(dtype)
        if dtype == np.float32:
            probs = _as(pred_probs, np.float32)
            fn, probp = self.lib.tq_label_quality_scores_f32, _f32p
        else:
            probs = _as(pred_probs, np.float64)
            fn, probp = self.lib.tq_label_quality_scores_f64, _f64p
        if n_sentences is None:
            n_sentences = len(offsets) - 1
        if n_tokens is None:
            n_tokens = len(labels)
        return fn(_ptr(offsets, _i64p), n_sentences, _ptr(labels, _i32p), _ptr(probs, probp),
                  n_tokens, int(n_classes),
                  None if options is None else ctypes.byref(options),
                  _ptr(sentence_out, _f64p), _ptr(token_out, _f64p))

    def label_quality_scores(self, offsets, labels, pred_probs, *, n_classes=None,
                             token_method="self_confidence", sentence_method="min",
                             temperature=None, n_threads=None, options=None,
                             dtype=None, with_token_scores=True):
        """(sentence_scores, token_scores) as float64 numpy arrays; token_scores is None
        when with_token_scores is False. pred_probs is (n_tokens, K) or flat (then give
        n_classes); its dtype (float32 / float64) picks the entry point unless `dtype`
        is given."""
        offsets = _as(offsets, np.int64)
        labels = _as(labels, np.int32)
        probs = np.asarray(pred_probs)
        if dtype is not None:
            probs = probs.astype(dtype, copy=False)
        if probs.dtype not in (np.float32, np.float64):
            probs = probs.astype(np.float64)
        if n_classes is None:
            if probs.ndim != 2:
                raise ValueError("give n_classes for flat pred_probs")
            n_classes = probs.shape[1]
        if options is None:
            options = self.score_options(token_method, sentence_method, temperature,
                                         n_threads)
        n_sentences = len(offsets) - 1
        sent = np.empty(n_sentences, dtype=np.float64)
        tok = np.empty(len(labels), dtype=np.float64) if with_token_scores else None
        status = self.label_quality_scores_raw(offsets, labels, probs, n_classes, options,
                                               sent, tok, dtype=probs.dtype)
        name = ("tq_label_quality_scores_f32" if probs.dtype == np.float32
                else "tq_label_quality_scores_f64")
        self._check(name, status)
        return sent, tok

    # ---- issues -------------------------------------------------------------------

    def issues_from_sentence_scores(self, sentence_scores, threshold=0.1):
        """Sentence indices (int64 array), most severe first."""
        scores = _as(sentence_scores, np.float64)
        n = len(scores)
        out = np.empty(max(n, 1), dtype=np.int64)
        count = ctypes.c_int64(-1)
        status = self.lib.tq_issues_from_sentence_scores(
            _ptr(scores, _f64p), n, float(threshold), _ptr(out, _i64p), ctypes.byref(count))
        self._check("tq_issues_from_sentence_scores", status)
        return out[:count.value].copy()

    def issues_from_token_scores(self, offsets, token_scores, threshold=0.1):
        """(n_issues, 2) int64 array of (sentence, token-within-sentence), most severe first."""
        offsets = _as(offsets, np.int64)
        scores = _as(token_scores, np.float64)
        n_tokens = len(scores)
        out_s = np.empty(max(n_tokens, 1), dtype=np.int64)
        out_t = np.empty(max(n_tokens, 1), dtype=np.int64)
        count = ctypes.c_int64(-1)
        status = self.lib.tq_issues_from_token_scores(
            _ptr(offsets, _i64p), len(offsets) - 1, _ptr(scores, _f64p), n_tokens,
            float(threshold), _ptr(out_s, _i64p), _ptr(out_t, _i64p), ctypes.byref(count))
        self._check("tq_issues_from_token_scores", status)
        k = count.value
        return np.stack([out_s[:k], out_t[:k]], axis=1) if k else np.empty((0, 2), np.int64)


_LOADED = {}


def load(path=None):
    """Load (once per path) and return a Tokqual."""
    path = path or default_library_path()
    if path not in _LOADED:
        _LOADED[path] = Tokqual(path)
    return _LOADED[path]
