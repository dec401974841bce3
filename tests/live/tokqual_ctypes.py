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


# --------------------------------------------------------------------------------------
# ctypes glue for the "Confident learning" and "Streaming inspector" sections
# --------------------------------------------------------------------------------------

_i64p = ctypes.POINTER(ctypes.c_int64)
_i32p = ctypes.POINTER(ctypes.c_int32)
_f32p = ctypes.POINTER(ctypes.c_float)
_f64p = ctypes.POINTER(ctypes.c_double)


class FindOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("filter_by", ctypes.c_int32),
                ("rank_by", ctypes.c_int32), ("frac_noise", ctypes.c_double),
                ("num_to_remove_per_class", _i64p), ("min_examples_per_class", ctypes.c_int64),
                ("n_threads", ctypes.c_int32), ("adjust_pred_probs", ctypes.c_int32)]


class InspectorOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("rank_by", ctypes.c_int32),
                ("adjust_pred_probs", ctypes.c_int32), ("num_issues_method", ctypes.c_int32),
                ("n_threads", ctypes.c_int32)]


def _ptr(a, t):
    return None if a is None else a.ctypes.data_as(t)


# filter_by and rank_by values, by cleanlab's names, in tokqual's enum order.
FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]
METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]


class Find:
    """Numpy-friendly wrappers of tq_find_label_issues_* and friends (the Confident
    learning and Streaming inspector sections); `tq` is a Tokqual (see load())."""

    def __init__(self, tq):
        self.tq = tq
        lib = self.lib = tq.lib
        lib.tq_find_options_init.argtypes = [ctypes.POINTER(FindOptions)]
        lib.tq_inspector_options_init.argtypes = [ctypes.POINTER(InspectorOptions)]
        optp = ctypes.POINTER(FindOptions)
        for suffix, probp in (("f32", _f32p), ("f64", _f64p)):
            getattr(lib, f"tq_find_label_issues_{suffix}").argtypes = [
                _i64p, ctypes.c_int64, _i32p, probp, ctypes.c_int64, ctypes.c_int64, optp,
                _i64p, _i64p, _i64p]
            getattr(lib, f"tq_confident_thresholds_{suffix}").argtypes = [
                _i32p, probp, ctypes.c_int64, ctypes.c_int64, optp, _f64p]
            getattr(lib, f"tq_confident_joint_{suffix}").argtypes = [
                _i32p, probp, ctypes.c_int64, ctypes.c_int64, ctypes.c_int32, optp, _i64p]
            getattr(lib, f"tq_num_label_issues_{suffix}").argtypes = [
                _i32p, probp, ctypes.c_int64, ctypes.c_int64, ctypes.c_int32, optp, _i64p]
            getattr(lib, f"tq_adjust_pred_probs_{suffix}").argtypes = [
                _i32p, probp, ctypes.c_int64, ctypes.c_int64, optp, _f64p]
            getattr(lib, f"tq_inspector_update_thresholds_{suffix}").argtypes = [
                ctypes.c_void_p, _i32p, probp, ctypes.c_int64, ctypes.c_int64]
            getattr(lib, f"tq_inspector_score_{suffix}").argtypes = [
                ctypes.c_void_p, ctypes.c_int64, _i64p, ctypes.c_int64, _i32p, probp,
                ctypes.c_int64, ctypes.c_int64, _f64p]
        vpp = ctypes.POINTER(ctypes.c_void_p)
        lib.tq_inspector_create.argtypes = [ctypes.c_int64, ctypes.POINTER(InspectorOptions), vpp]
        lib.tq_inspector_destroy.argtypes = [ctypes.c_void_p]
        lib.tq_inspector_clone.argtypes = [ctypes.c_void_p, vpp]
        lib.tq_inspector_finish_thresholds.argtypes = [ctypes.c_void_p]
        lib.tq_inspector_merge.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.tq_inspector_thresholds.argtypes = [ctypes.c_void_p, _f64p, ctypes.c_int64]
        lib.tq_inspector_num_label_issues.argtypes = [ctypes.c_void_p, _i64p]
        lib.tq_inspector_find_label_issues.argtypes = [ctypes.c_void_p, _i64p, _i64p,
                                                       ctypes.c_int64, _i64p]
        lib.tq_inspector_save.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                          ctypes.POINTER(ctypes.c_size_t)]
        lib.tq_inspector_load.argtypes = [ctypes.c_void_p, ctypes.c_size_t, vpp]

    def check(self, name, status):
        if status != 0:
            raise TokqualError(name, status, self.tq.last_error_message())

    @staticmethod
    def _suffix(probs):
        return ("f32", _f32p) if probs.dtype == np.float32 else ("f64", _f64p)

    def options(self, filter_by="prune_by_noise_rate", rank_by="self_confidence", frac_noise=1.0,
                min_examples=1, num_to_remove=None, adjust=False, n_threads=1):
        o = FindOptions()
        self.lib.tq_find_options_init(ctypes.byref(o))
        o.filter_by = FILTERS.index(filter_by)
        o.rank_by = METHODS.index(rank_by)
        o.frac_noise = frac_noise
        o.min_examples_per_class = min_examples
        o.adjust_pred_probs = int(adjust)
        o.n_threads = n_threads
        keep = None
        if num_to_remove is not None:
            keep = np.ascontiguousarray(num_to_remove, dtype=np.int64)
            o.num_to_remove_per_class = keep.ctypes.data_as(_i64p)
        return o, keep

    def find(self, offsets, labels, probs, k, **kwargs):
        """The issues as (sentence, token) pairs, or the status of a failed call."""
        call = self.prepare_find(offsets, labels, probs, k, **kwargs)
        status = call.raw()
        return status if status != 0 else call.issues()

    def prepare_find(self, offsets, labels, probs, k, **kwargs):
        """A zero-argument callable that makes exactly one tq_find_label_issues_* call
        (arguments and output buffers prepared here, for timing) and returns the number of
        issues; .issues() then gives them, and .raw() makes the call returning its status."""
        o, keep = self.options(**kwargs)
        suffix, probp = self._suffix(probs)
        n = len(labels)
        s = np.empty(max(n, 1), np.int64)
        t = np.empty(max(n, 1), np.int64)
        count = ctypes.c_int64(-1)
        fn = getattr(self.lib, f"tq_find_label_issues_{suffix}")
        args = (_ptr(offsets, _i64p), len(offsets) - 1, _ptr(labels, _i32p), _ptr(probs, probp),
                n, k, ctypes.byref(o), _ptr(s, _i64p), _ptr(t, _i64p), ctypes.byref(count))

        def call():
            self.check("find_label_issues", fn(*args))
            return count.value

        call.raw = lambda: fn(*args)
        call.issues = lambda: list(zip(s[:count.value].tolist(), t[:count.value].tolist()))
        call.keep = (o, keep, s, t, offsets, labels, probs)  # alive as long as the callable
        return call

    def prepare_low_memory(self, offsets, labels, probs, k, batch_tokens=10000, n_threads=1):
        """A zero-argument callable that runs one inspector through the whole streaming
        workflow (pass 1 and pass 2 in batches of whole sentences of about batch_tokens
        tokens, then the ranked issues), as a user without the data in memory would run
        it, and returns the issues as two arrays (sentences, tokens). The batches and their
        arguments are prepared here, so that a timed call is the C calls (as prepare_find)."""
        suffix, probp = self._suffix(probs)
        n_sent = len(offsets) - 1
        cuts = [0]
        while cuts[-1] < n_sent:  # whole sentences, about batch_tokens tokens each
            target = offsets[cuts[-1]] + batch_tokens
            cuts.append(max(cuts[-1] + 1, min(n_sent, int(np.searchsorted(offsets, target)))))
        update_args, score_args, keep = [], [], []
        for a, b in zip(cuts[:-1], cuts[1:]):
            ta, tb = int(offsets[a]), int(offsets[b])
            local = np.ascontiguousarray(offsets[a:b + 1] - ta, np.int64)
            keep.append(local)
            lab, pp = _ptr(labels[ta:], _i32p), _ptr(probs[ta:], probp)
            update_args.append((lab, pp, tb - ta, k))
            score_args.append((a, _ptr(local, _i64p), b - a, lab, pp, tb - ta, k, None))
        update = getattr(self.lib, f"tq_inspector_update_thresholds_{suffix}")
        score = getattr(self.lib, f"tq_inspector_score_{suffix}")

        def call():
            h = self.inspector(k, "self_confidence", False, False, n_threads)
            try:
                for args in update_args:
                    self.check("update", update(h, *args))
                self.check("finish", self.lib.tq_inspector_finish_thresholds(h))
                for args in score_args:
                    self.check("score", score(h, *args))
                n_issues = ctypes.c_int64()
                self.check("num", self.lib.tq_inspector_num_label_issues(h, ctypes.byref(n_issues)))
                cap = max(n_issues.value, 1)
                s_out, t_out = np.empty(cap, np.int64), np.empty(cap, np.int64)
                count = ctypes.c_int64()
                self.check("find", self.lib.tq_inspector_find_label_issues(
                    h, _ptr(s_out, _i64p), _ptr(t_out, _i64p), cap, ctypes.byref(count)))
                return s_out[:count.value], t_out[:count.value]
            finally:
                self.lib.tq_inspector_destroy(h)

        call.keep = (keep, offsets, labels, probs)  # alive as long as the callable
        return call

    def low_memory_workflow(self, offsets, labels, probs, k, batch_tokens=10000, n_threads=1,
                            as_list=True):
        """prepare_low_memory's workflow run once; returns the issues as a list of
        (sentence, token) pairs (as_list=False: two arrays, sentences and tokens)."""
        s_out, t_out = self.prepare_low_memory(offsets, labels, probs, k, batch_tokens,
                                               n_threads)()
        return list(zip(s_out.tolist(), t_out.tolist())) if as_list else (s_out, t_out)

    def statistics(self, labels, probs, k):
        suffix, probp = self._suffix(probs)
        n = len(labels)
        lab, pp = _ptr(labels, _i32p), _ptr(probs, probp)
        out = {}
        thresholds = np.empty(k)
        self.check("thresholds", getattr(self.lib, f"tq_confident_thresholds_{suffix}")(
            lab, pp, n, k, None, _ptr(thresholds, _f64p)))
        out["thresholds"] = thresholds
        for calibrate in (0, 1):
            joint = np.empty(k * k, np.int64)
            self.check("joint", getattr(self.lib, f"tq_confident_joint_{suffix}")(
                lab, pp, n, k, calibrate, None, _ptr(joint, _i64p)))
            out[f"joint{calibrate}"] = joint.reshape(k, k)
        for method in (0, 1):
            count = ctypes.c_int64(-1)
            status = getattr(self.lib, f"tq_num_label_issues_{suffix}")(
                lab, pp, n, k, method, None, ctypes.byref(count))
            out[f"num{method}"] = count.value if status == 0 else ("error", status)
        adjusted = np.empty(n * k)
        self.check("adjust", getattr(self.lib, f"tq_adjust_pred_probs_{suffix}")(
            lab, pp, n, k, None, _ptr(adjusted, _f64p)))
        out["adjusted"] = adjusted.reshape(n, k)
        return out

    # ---- inspector ----------------------------------------------------------------

    def inspector(self, k, rank_by, adjust, calibrated, n_threads=1):
        o = InspectorOptions()
        self.lib.tq_inspector_options_init(ctypes.byref(o))
        o.rank_by = METHODS.index(rank_by)
        o.adjust_pred_probs = int(adjust)
        o.num_issues_method = int(calibrated)
        o.n_threads = n_threads
        h = ctypes.c_void_p()
        self.check("create", self.lib.tq_inspector_create(k, ctypes.byref(o), ctypes.byref(h)))
        return h

    def copy(self, h, via_bytes):
        out = ctypes.c_void_p()
        if not via_bytes:
            self.check("clone", self.lib.tq_inspector_clone(h, ctypes.byref(out)))
            return out
        size = ctypes.c_size_t()
        self.lib.tq_inspector_save(h, None, 0, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        self.check("save", self.lib.tq_inspector_save(h, buf, size.value, ctypes.byref(size)))
        self.check("load", self.lib.tq_inspector_load(buf, size.value, ctypes.byref(out)))
        return out

    def sharded_batched(self, rng, offsets, labels, probs, k, rank_by, adjust, calibrated, shards):
        """The whole sharded workflow; returns (issues, num_issues, thresholds)."""
        suffix, probp = self._suffix(probs)
        n_sent = len(offsets) - 1
        cuts = sorted([0, n_sent] + [int(c) for c in rng.integers(0, n_sent + 1, shards - 1)])
        ranges = list(zip(cuts[:-1], cuts[1:]))
        handles = []
        try:
            pass1 = []
            for a, b in ranges:
                h = self.inspector(k, rank_by, adjust, calibrated, int(rng.integers(0, 3)))
                handles.append(h)
                ta, tb = offsets[a], offsets[b]
                self.check("update", getattr(self.lib, f"tq_inspector_update_thresholds_{suffix}")(
                    h, _ptr(labels[ta:], _i32p), _ptr(probs[ta:], probp), int(tb - ta), k))
                pass1.append(h)
            order = rng.permutation(len(pass1))
            merged = pass1[order[0]]
            for i in order[1:]:
                self.check("merge", self.lib.tq_inspector_merge(merged, pass1[i]))
            self.check("finish", self.lib.tq_inspector_finish_thresholds(merged))
            pass2 = []
            for idx, (a, b) in enumerate(ranges):
                h = self.copy(merged, via_bytes=idx % 2 == 1)
                handles.append(h)
                s = a
                while s < b:
                    e = min(b, s + int(rng.integers(1, 60)))
                    local = np.ascontiguousarray(offsets[s:e + 1] - offsets[s], np.int64)
                    ta = offsets[s]
                    self.check("score", getattr(self.lib, f"tq_inspector_score_{suffix}")(
                        h, s, _ptr(local, _i64p), e - s, _ptr(labels[ta:], _i32p),
                        _ptr(probs[ta:], probp), int(offsets[e] - ta), k, None))
                    s = e
                pass2.append(h)
            order = rng.permutation(len(pass2))
            final = pass2[order[0]]
            for i in order[1:]:
                self.check("merge", self.lib.tq_inspector_merge(final, pass2[i]))
            n_issues = ctypes.c_int64()
            self.check("num", self.lib.tq_inspector_num_label_issues(final, ctypes.byref(n_issues)))
            thresholds = np.empty(k)
            self.check("thr", self.lib.tq_inspector_thresholds(final, _ptr(thresholds, _f64p), k))
            cap = max(n_issues.value, 1)
            s_out, t_out = np.empty(cap, np.int64), np.empty(cap, np.int64)
            count = ctypes.c_int64()
            self.check("find", self.lib.tq_inspector_find_label_issues(
                final, _ptr(s_out, _i64p), _ptr(t_out, _i64p), cap, ctypes.byref(count)))
            issues = [(int(a), int(b)) for a, b in zip(s_out[:count.value], t_out[:count.value])]
            return issues, n_issues.value, thresholds
        finally:
            for h in handles:
                self.lib.tq_inspector_destroy(h)
