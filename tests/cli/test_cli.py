"""The tokqual command on the bundled demo corpus and on small hand-made files: every
subcommand and format, the input variants (.npz, float64, stdin, --logits, --merge),
--output, colour, and every input or usage mistake (one line on stderr naming the file
and line or byte offset, exit 2 or 3, nothing on stdout)."""
import csv
import io
import json
import os
import pty
import re
import resource
import shutil
import signal
import stat
import subprocess
import threading

import numpy as np
import pytest

from cli_util import CLASSES, CLI, DEMO, demo_args, random_case, require_cli, run


@pytest.fixture(autouse=True)
def _cli():
    require_cli()


@pytest.fixture
def small(tmp_path):
    """A hand-made corpus: three columns, -DOCSTART-, CRLF, tabs, UTF-8, one planted error
    ("Zürich" tagged B-PER, the model says B-LOC)."""
    text = ("-DOCSTART- -X- O\r\n\r\n"
            "Angela NNP B-PER\r\nMerkel NNP I-PER\r\nvisited VBD O\r\nZürich NNP B-PER\r\n. . O\r\n"
            "\r\n"
            "東京 NNP\tB-LOC\n  is VBZ O  \nbig JJ O\n\n\n"
            "Reuters NNP B-ORG\nreported VBD O\n")
    conll = tmp_path / "small.conll"
    conll.write_bytes(text.encode("utf-8"))
    rows = []
    true = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-LOC", "O", "O", "B-ORG", "O"]
    for t in true:
        p = np.full(len(CLASSES), 0.01)
        p[CLASSES.index(t)] = 1 - 0.01 * (len(CLASSES) - 1)
        rows.append(p)
    probs = np.array(rows, dtype=np.float32)
    np.save(tmp_path / "small.npy", probs)
    return {"conll": str(conll), "npy": str(tmp_path / "small.npy"), "probs": probs,
            "dir": tmp_path}


def small_args(s, probs=None):
    return ["--conll", s["conll"], "--probs", probs or s["npy"], "--classes", ",".join(CLASSES)]


def jsonl(out):
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


# --- help, version, demo ---------------------------------------------------------------

def test_version_and_help_everywhere():
    rc, out, _ = run("--version", check_rc=0)
    assert re.match(rb"tokqual \d+\.\d+\.\d+", out)
    for cmd in ("rank", "issues", "summary", "demo"):
        rc, out, _ = run(cmd, "--help", check_rc=0)
        assert b"Usage: tokqual " + cmd.encode() in out
        run(cmd, "--version", check_rc=0)
    rc, out, _ = run("--help", check_rc=0)
    assert b"Exit status" in out


def test_demo_finds_most_injected_errors():
    rc, out, err = run("demo", "--data", DEMO, check_rc=0)
    text = out.decode()
    assert "Rank 1: sentence" in text and "\x1b[" not in text  # not a terminal: no colour
    m = re.search(r"Ranking: (\d+) of the (\d+) sentences", text)
    assert m and int(m.group(1)) >= 0.8 * int(m.group(2)), text
    m = re.search(r"found (\d+) of (\d+) \(recall", text)
    assert m and int(m.group(1)) >= 0.8 * int(m.group(2)), text


def test_demo_missing_data_is_an_input_error(tmp_path):
    rc, out, err = run("demo", "--data", tmp_path)
    assert rc == 3 and out == b"" and "demo_classes.txt: cannot open" in err


# --- formats ---------------------------------------------------------------------------

def test_rank_formats_agree_on_demo():
    _, out, _ = run("rank", *demo_args(), "--format", "jsonl", check_rc=0)
    rows = jsonl(out)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores) and len(rows) == 3000
    for r in rows[:50]:
        assert r["word"] in r["text"] and r["token_score"] >= r["score"] - 1e-15
    _, out, _ = run("rank", *demo_args(), "--format", "csv", check_rc=0)
    table = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    assert len(table) == len(rows)
    for a, b in zip(table, rows):
        assert int(a["sentence"]) == b["sentence"] and float(a["score"]) == b["score"]
        assert a["text"] == b["text"] and a["given"] == b["given"]
    _, out, _ = run("rank", *demo_args(), "--top", "3", check_rc=0)
    text = out.decode()
    assert text.count("Rank ") == 3 and f"Rank 1: sentence {rows[0]['sentence']}," in text
    assert f"[{rows[0]['word']}]" in text  # no colour: the token in brackets


def test_rank_top_and_threshold(small):
    _, out, _ = run("rank", *small_args(small), "--format", "jsonl", check_rc=0)
    rows = jsonl(out)
    assert len(rows) == 3 and rows[0]["word"] == "Zürich" and rows[0]["given"] == "B-PER"
    assert rows[0]["predicted"] == "B-LOC" and rows[0]["text"] == "Angela Merkel visited Zürich."
    _, out, _ = run("rank", *small_args(small), "--format", "jsonl", "--top", "1", check_rc=0)
    assert jsonl(out) == rows[:1]
    _, out, _ = run("rank", *small_args(small), "--format", "jsonl", "--threshold",
                    rows[1]["score"], check_rc=0)
    assert jsonl(out) == rows[:1]  # strictly below
    _, out, _ = run("rank", *small_args(small), "--format", "jsonl", "--sentence-method",
                    "softmin", "--temperature", "0.5", "--token-method", "normalized_margin",
                    "--threads", "1", check_rc=0)
    assert len(jsonl(out)) == 3


def test_issues_formats(small):
    _, out, _ = run("issues", *small_args(small), "--format", "jsonl", check_rc=0)
    rows = jsonl(out)
    assert [(r["sentence"], r["token"], r["word"], r["given"], r["predicted"]) for r in rows] == \
        [(0, 3, "Zürich", "B-PER", "B-LOC")]
    _, out, _ = run("issues", *small_args(small), check_rc=0)
    assert out.decode() == ("Sentence index: 0, Token index: 3\nToken: Zürich\n"
                            "Given label: B-PER, predicted label according to provided "
                            "pred_probs: B-LOC\n----\nAngela Merkel visited Zürich.\n\n\n")
    _, out, _ = run("issues", *small_args(small), "--color", "always", check_rc=0)
    assert "visited \x1b[31mZürich\x1b[0m." in out.decode()
    _, out, _ = run("issues", *small_args(small), "--format", "csv", check_rc=0)
    assert out.decode().splitlines()[1].startswith("1,0,3,Zürich,B-PER,B-LOC,")


def test_issues_every_option_runs_on_demo():
    base = run("issues", *demo_args(), "--format", "jsonl", check_rc=0)[1]
    assert len(jsonl(base)) > 50
    for filter_by in ("prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
                      "predicted_neq_given", "low_normalized_margin", "low_self_confidence"):
        for rank_by in ("self_confidence", "normalized_margin", "confidence_weighted_entropy"):
            rc, out, err = run("issues", *demo_args(), "--format", "jsonl", "--filter-by",
                               filter_by, "--rank-by", rank_by)
            assert rc == 0, err
            scores = [r["score"] for r in jsonl(out)]
            assert scores == sorted(scores), (filter_by, rank_by)
    run("issues", *demo_args(), "--frac-noise", "0.5", "--min-examples-per-class", "3",
        "--adjust-pred-probs", "--threads", "2", check_rc=0)
    run("issues", *demo_args(), "--num-to-remove-per-class", "5,1,1,1,1,1,1,1,1",
        "--filter-by", "prune_by_class", check_rc=0)


def test_low_memory_is_the_same_for_any_batch_size():
    outs = [run("issues", *demo_args(), "--format", "jsonl", "--low-memory", "--batch-tokens",
                b, check_rc=0)[1] for b in (1, 97, 5000, 1 << 30)]
    assert len(jsonl(outs[0])) > 50 and all(o == outs[0] for o in outs)
    run("issues", *demo_args(), "--low-memory", "--rank-by", "normalized_margin",
        "--adjust-pred-probs", check_rc=0)


def peak_mb(*args):
    """tokqual's own peak resident memory in MB, from --timings (the rusage of a child
    forked from this Python would count Python's memory too)."""
    _, _, err = run("--timings", *args, check_rc=0)
    return float(re.search(r"timing: peak memory +([0-9.]+) MB", err).group(1))


def test_low_memory_does_not_hold_the_probabilities(tmp_path):
    # 40,000 tokens x 300 classes of float64: a 96 MB .npy, far more than anything else.
    rng = np.random.default_rng(3)
    n, k = 40_000, 300
    probs = rng.dirichlet(np.full(k, 0.05), size=n)
    np.save(tmp_path / "wide.npy", probs)
    labels = probs.argmax(axis=1)
    labels[::50] = (labels[::50] + 1) % k
    lines = [f"w C{y}" + ("\n" if i % 10 == 9 else "") for i, y in enumerate(labels)]
    (tmp_path / "wide.conll").write_text("\n".join(lines) + "\n")
    (tmp_path / "classes.txt").write_text("\n".join(f"C{i}" for i in range(k)) + "\n")
    args = ["issues", "--conll", tmp_path / "wide.conll", "--probs", tmp_path / "wide.npy",
            "--classes-file", tmp_path / "classes.txt", "--format", "jsonl"]
    whole = peak_mb(*args)
    # In memory, the mapped array is read in full; streamed, each batch's pages are
    # dropped once read (20 batches of about 5 MB), and so are the issues' rows. The
    # text report and the summary format from small stand-ins (issue_corpus.hpp), not
    # from the mapped array.
    for command, fmt in (("issues", "jsonl"), ("issues", "text"), ("summary", "text"),
                         ("summary", "jsonl")):
        streamed = peak_mb(command, *args[1:-1], fmt, "--low-memory", "--batch-tokens", "2000")
        assert whole - streamed > 60, (command, fmt, whole, streamed)
    # The same reports in memory do read the whole array.
    assert peak_mb("summary", *args[1:-1], "text") > whole - 10


def test_summary_and_word(small):
    _, out, _ = run("summary", *demo_args(), "--top", "2", check_rc=0)
    text = out.decode()
    assert text.count("is potentially mislabeled") == 2 and "labeled as class `" in text
    _, out, _ = run("summary", *demo_args(), "--top", "2", "--no-swaps", check_rc=0)
    assert "labeled as class" not in out.decode()
    _, out, _ = run("summary", *demo_args(), "--format", "jsonl", check_rc=0)
    rows = jsonl(out)
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True) and set(rows[0]) == {"word", "given", "predicted", "count"}
    word = rows[0]["word"]
    _, out, _ = run("summary", *demo_args(), "--word", word.upper(), "--format", "jsonl", check_rc=0)
    issues = jsonl(out)
    assert issues and all(r["word"].lower() == word.lower() for r in issues)
    _, out, _ = run("summary", *small_args(small), "--format", "csv", check_rc=0)
    assert out.decode() == "word,given,predicted,count\nZürich,B-PER,B-LOC,1\n"


def test_json_and_csv_escape_quotes_backslashes_and_controls(tmp_path):
    conll = tmp_path / "odd.conll"
    conll.write_bytes(b'a"b O\nc\\d O\ne\x01f B-PER\ng,h B-PER\n</script><b>x O\n')
    probs = np.full((5, 2), 0.5, dtype=np.float32)
    np.save(tmp_path / "odd.npy", probs)
    args = ["rank", "--conll", conll, "--probs", tmp_path / "odd.npy", "--classes", "O,B-PER"]
    rows = jsonl(run(*args, "--format", "jsonl", check_rc=0)[1])
    text = 'a"b c\\d e\x01f g,h </script><b>x'
    assert rows[0]["text"] == text and rows[0]["word"] == 'a"b'
    table = list(csv.reader(io.StringIO(run(*args, "--format", "csv", check_rc=0)[1].decode())))
    assert table[1][3] == text and table[1][5] == 'a"b'
    # A token "</script>..." must not end the page's data island early.
    page = run(*args, "--format", "html", check_rc=0)[1].decode()
    island = json.loads(page.split('type="application/json">')[1].split("</script>")[0])
    assert island["rows"][0]["text"][-1] == "</script><b>x"


def test_html_is_self_contained(small):
    _, out, _ = run("issues", *small_args(small), "--format", "html", check_rc=0)
    page = out.decode()
    assert page.startswith("<!DOCTYPE html>") and "Zürich" in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)  # no network
    assert 'name="viewport"' in page


# --- inputs ------------------------------------------------------------------------------

def test_npz_float64_stdin_and_logits_agree(small):
    d, probs = small["dir"], small["probs"]
    ref = run("rank", *small_args(small), "--format", "jsonl", check_rc=0)[1]
    np.savez(d / "stored.npz", pred_probs=probs, other=probs[:2])
    np.savez_compressed(d / "deflated.npz", probs)
    np.save(d / "f64.npy", probs.astype(np.float64))
    assert run("rank", *small_args(small, str(d / "stored.npz")), "--format", "jsonl",
               check_rc=0)[1] == ref
    assert run("rank", *small_args(small, str(d / "deflated.npz")), "--probs-key", "arr_0",
               "--format", "jsonl", check_rc=0)[1] == ref
    assert run("rank", *small_args(small, str(d / "f64.npy")), "--format", "jsonl",
               check_rc=0)[1] == ref
    os.rename(d / "stored.npz", d / "misnamed.npy")  # a zip is read as .npz, whatever its name
    assert run("rank", *small_args(small, str(d / "misnamed.npy")), "--format", "jsonl",
               check_rc=0)[1] == ref
    with open(small["conll"], "rb") as f:
        args = small_args(small)
        args[1] = "-"
        assert run("rank", *args, "--format", "jsonl", stdin=f.read(), check_rc=0)[1] == ref
    np.save(d / "logits.npy", np.log(probs.astype(np.float64)) + 3.0)
    got = jsonl(run("rank", *small_args(small, str(d / "logits.npy")), "--logits",
                    "--format", "jsonl", check_rc=0)[1])
    for a, b in zip(got, jsonl(ref)):
        assert a["sentence"] == b["sentence"] and abs(a["score"] - b["score"]) < 1e-6


def test_merge_equals_merged_probabilities(tmp_path):
    rng = np.random.default_rng(7)
    conll, npy, classes, sentences, probs = random_case(rng, tmp_path, k=5, dtype=np.float64)
    # C1 and C2 become "M", C4 is dropped; the dataset has tags O? no: C0, M, C3.
    text = open(conll, encoding="utf-8").read().replace("C1\n", "M\n").replace("C2\n", "M\n")
    text = text.replace("C4\n", "C0\n")
    merged_conll = tmp_path / "merged.conll"
    merged_conll.write_text(text, encoding="utf-8")
    merged = np.stack([probs[:, 0], probs[:, 1] + probs[:, 2], probs[:, 3]], axis=1)
    merged /= merged.sum(axis=1, keepdims=True)
    np.save(tmp_path / "merged.npy", merged)
    a = jsonl(run("rank", "--conll", merged_conll, "--probs", npy, "--classes", ",".join(classes),
                  "--merge", "C1:M,C2:M,C4:-", "--format", "jsonl", check_rc=0)[1])
    b = jsonl(run("rank", "--conll", merged_conll, "--probs", tmp_path / "merged.npy",
                  "--classes", "C0,M,C3", "--format", "jsonl", check_rc=0)[1])
    assert [r["sentence"] for r in a] == [r["sentence"] for r in b]
    assert max(abs(x["score"] - y["score"]) for x, y in zip(a, b)) < 1e-12


def test_output_is_atomic(small, tmp_path):
    target = tmp_path / "report.jsonl"
    run("rank", *small_args(small), "--format", "jsonl", "-o", target, check_rc=0)
    good = target.read_bytes()
    assert good.count(b"\n") == 3
    rc, out, err = run("rank", *small_args(small, str(tmp_path / "missing.npy")), "-o", target)
    assert rc == 3 and out == b"" and target.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["report.jsonl", "small.conll", "small.npy"]


def test_output_is_synced_before_the_rename(small, tmp_path):
    """The report's bytes are fsync'ed before the rename makes them FILE, and the
    directory after it (seen in the system calls, through strace)."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    target, log = tmp_path / "out" / "report.jsonl", tmp_path / "calls.log"
    target.parent.mkdir()
    # (LeakSanitizer cannot run under ptrace: off in a sanitizer build, no-op otherwise)
    asan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    p = subprocess.run(["strace", "-f", "-o", log, "-e",
                        "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
                        CLI, "rank", *small_args(small), "--format", "jsonl", "-o", target],
                       capture_output=True, timeout=300, env=dict(os.environ, ASAN_OPTIONS=asan))
    if b"PTRACE" in p.stderr and p.returncode != 0:
        pytest.skip("strace cannot trace here: " + p.stderr.decode(errors="replace"))
    assert p.returncode == 0, p.stderr
    assert target.read_bytes() == run("rank", *small_args(small), "--format", "jsonl",
                                      check_rc=0)[1]
    calls = [line.split(None, 1)[1] for line in log.read_text().splitlines()]
    temp_fd = next(int(c.rsplit("= ", 1)[1]) for c in calls
                   if c.startswith("openat(") and ".tmp." in c and "= " in c)
    synced = next(i for i, c in enumerate(calls) if re.match(rf"f(data)?sync\({temp_fd}\) +=  *0", c))
    renamed = next(i for i, c in enumerate(calls) if c.startswith("rename") and str(target) in c)
    dir_fd = next(int(c.rsplit("= ", 1)[1]) for c in calls[renamed:]
                  if c.startswith("openat(") and "O_DIRECTORY" in c and str(target.parent) in c)
    # (the directory may get the descriptor number the temporary file had)
    assert any(re.match(rf"fsync\({dir_fd}\) +=  *0", c) for c in calls[renamed:]), calls
    assert synced < renamed, calls


def test_a_failed_write_leaves_no_partial_file(tmp_path):
    """A write that fails half-way (here: over the file size limit) exits 1 and leaves
    FILE as it was, without a temporary file beside it."""
    target = tmp_path / "report.jsonl"
    target.write_text("old report\n")

    def limit_file_size():  # in the child: writes past 4 KB fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    p = subprocess.run([CLI, "rank", *demo_args(), "--format", "jsonl", "-o", target],
                       capture_output=True, preexec_fn=limit_file_size, timeout=300)
    err = p.stderr.decode()
    assert p.returncode == 1 and p.stdout == b"" and err.count("\n") == 1, (p.returncode, err)
    assert re.search(r"report\.jsonl: cannot write: File too large", err), err
    assert target.read_text() == "old report\n"
    assert os.listdir(tmp_path) == ["report.jsonl"]
    # The same run without the limit writes the whole report.
    run("rank", *demo_args(), "--format", "jsonl", "-o", target, check_rc=0)
    assert len(target.read_bytes().splitlines()) == 3000


def test_output_to_a_pipe_or_through_a_link(small, tmp_path):
    # A FIFO (like /dev/null or any device) is written to, never replaced by a file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    run("rank", *small_args(small), "--format", "jsonl", "-o", fifo, check_rc=0)
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got and got[0].count(b"\n") == 3
    # A symbolic link stays a link; the file it points to gets the report.
    target = tmp_path / "real.jsonl"
    target.write_text("old")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    run("rank", *small_args(small), "--format", "jsonl", "-o", link, check_rc=0)
    assert link.is_symlink() and target.read_bytes().count(b"\n") == 3


def test_progress_bar_only_on_a_terminal():
    args = ["issues", *demo_args(), "--low-memory", "--batch-tokens", "500", "--format", "jsonl"]
    env = {"TOKQUAL_PROGRESS_AFTER_MS": "0"}  # show it at once; the demo is quick
    assert run(*args, env=env, check_rc=0)[2] == ""  # stderr is a pipe here: no bar
    master, slave = pty.openpty()
    full_env = dict(os.environ, **env)
    p = subprocess.Popen([CLI, *args], stdout=subprocess.DEVNULL, stderr=slave, env=full_env)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the program closed its end
            break
        if not chunk:
            break
        shown += chunk
    assert p.wait(timeout=120) == 0
    os.close(master)
    frames = shown.split(b"\r")
    assert any(f.startswith(b"thresholds [") and f.endswith(b"100%") for f in frames), shown[:300]
    assert any(f.startswith(b"scores [#") for f in frames) and shown.endswith(b"\r\x1b[K")


def test_no_color_and_color_always(small):
    args = ["rank", *small_args(small), "--top", "1"]
    assert b"\x1b[31m" in run(*args, "--color", "always", check_rc=0)[1]
    assert b"\x1b[" not in run(*args, check_rc=0)[1]
    assert b"\x1b[" not in run(*args, env={"NO_COLOR": "1"}, check_rc=0)[1]


# --- mistakes ----------------------------------------------------------------------------

def write(path, data):
    path.write_bytes(data)
    return str(path)


def npy_bytes(probs, descr="<f4", fortran=False, shape=None):
    shape = shape if shape is not None else probs.shape
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, tuple(shape))
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + probs.tobytes()


def test_input_mistakes_name_file_and_place(small, tmp_path):
    p = small["probs"]
    C = ["--classes", ",".join(CLASSES)]
    conll = small["conll"]
    cases = [  # (conll, probs, extra args, expected stderr pattern)
        (str(tmp_path / "nope.conll"), small["npy"], C, r"nope\.conll: cannot open: No such file"),
        (conll, str(tmp_path / "nope.npy"), C, r"nope\.npy: cannot open"),
        (conll, str(tmp_path), C, r": is a directory"),
        (write(tmp_path / "one.conll", b"Angela B-PER\nMerkel\n"), small["npy"], C,
         r"one\.conll:2: expected a token and a tag.*found one column 'Merkel'"),
        (write(tmp_path / "tag.conll", b"a O\n\nb B-FOO\n"), small["npy"], C,
         r"tag\.conll:3: unknown tag 'B-FOO'; expected one of the classes: O, B-PER"),
        (write(tmp_path / "utf.conll", b"a O\nb\xff O\n"), small["npy"], C,
         r"utf\.conll:2: ill-formed UTF-8 at byte offset 5"),
        (write(tmp_path / "empty.conll", b"\n\n"), small["npy"], C, r"empty\.conll: no tokens"),
        (write(tmp_path / "short.conll", b"Angela B-PER\n"), small["npy"], C,
         r"small\.npy: 10 rows; expected 1, one per token of .*short\.conll"),
        (conll, small["npy"], ["--classes", "O,B-PER,I-PER,B-LOC,I-LOC,B-ORG,I-ORG,B-MISC,I-MISC,X"],
         r"small\.npy: 9 columns; expected 10"),
        (conll, write(tmp_path / "i4.npy", npy_bytes(p.astype("<i4"), "<i4")), C,
         r"i4\.npy: byte offset 10: dtype '<i4'; expected float32 '<f4' or float64 '<f8'"),
        (conll, write(tmp_path / "be.npy", npy_bytes(p.astype(">f4"), ">f4")), C,
         r"be\.npy: byte offset 10: big-endian dtype '>f4'"),
        (conll, write(tmp_path / "f.npy", npy_bytes(p, fortran=True)), C,
         r"f\.npy: byte offset 10: Fortran-order array; expected C order"),
        (conll, write(tmp_path / "3d.npy", npy_bytes(p, shape=(10, 3, 3))), C,
         r"3d\.npy: byte offset 10: shape \(10, 3, 3\); expected 2 dimensions"),
        (conll, write(tmp_path / "trunc.npy", npy_bytes(p)[:-7]), C,
         r"trunc\.npy: byte offset 481: truncated data; expected 360 bytes .* found 353"),
        (conll, write(tmp_path / "extra.npy", npy_bytes(p) + b"xx"), C,
         r"extra\.npy: byte offset 488: 2 bytes after the data"),
        (conll, write(tmp_path / "magic.npy", b"\x93NUMPX not numpy"), C,
         r"magic\.npy: byte offset 0: not a \.npy file"),
        (conll, write(tmp_path / "hdr.npy", b"\x93NUMPY\x01\x00\x10\x00{'descr': <f4}   \n"), C,
         r"hdr\.npy: byte offset 20: malformed \.npy header; expected a quoted string"),
        (conll, write(tmp_path / "nan.npy", npy_bytes(np.where(np.arange(90).reshape(10, 9) == 21, np.nan, p).astype("<f4"))), C,
         r"nan\.npy: byte offset 212 \(row 2, column 3\): value nan; expected a probability in \[0, 1\]"),
        (conll, write(tmp_path / "big.npy", npy_bytes(p * 2)), C,
         r"big\.npy: byte offset 132 \(row 0, column 1\): value 1\.84[0-9]*; expected a probability"),
        (conll, write(tmp_path / "bad.npz", b"PK\x05\x06" + b"\x00" * 10), C,
         r"bad\.npz: byte offset 0: not a \.npz \(zip\) file"),
        (conll, small["npy"], ["--classes-file", write(tmp_path / "dup.txt", b"O\nB-PER\nO\n")],
         r"dup\.txt:3: class 'O' listed twice"),
    ]
    for conll_path, probs_path, extra, pattern in cases:
        rc, out, err = run("rank", "--conll", conll_path, "--probs", probs_path, *extra)
        assert rc == 3, (pattern, rc, err)
        assert out == b"", pattern
        assert err.count("\n") == 1 and err.startswith("tokqual: "), err
        assert re.search(pattern, err), (pattern, err)


def test_usage_mistakes(small):
    args = small_args(small)
    cases = [
        (["rank"], r"--conll is required"),
        (["frobnicate"], r"unknown command 'frobnicate'"),
        (["rank", "--conll", small["conll"], "--probs", small["npy"]], r"exactly one of --classes"),
        (["rank", *args, "--classes-file", "x"], r"excludes|--classes"),
        (["rank", *args, "--token-method", "nope"], r"--token-method: nope not in"),
        (["rank", *args, "--temperature", "-1"], r"--temperature: '-1'; expected a number >= 0"),
        (["rank", *args, "--threshold", "nan"], r"threshold is NaN"),
        (["rank", *args, "--top", "-2"], r"--top -2; expected 0"),
        (["rank", *args, "--format", "pdf"], r"--format: pdf not in"),
        (["issues", *args, "--frac-noise", "0"], r"--frac-noise: '0'; expected a number in \(0, 1\]"),
        (["issues", *args, "--filter-by", "magic"], r"--filter-by: magic not in"),
        (["issues", *args, "--num-to-remove-per-class", "1,2"], r"2 values; expected 9"),
        (["issues", *args, "--num-to-remove-per-class", "1,x,0,0,0,0,0,0,0"], r"'x'; expected a non-negative integer"),
        (["issues", *args, "--low-memory", "--filter-by", "both"], r"--low-memory runs cleanlab's batched"),
        (["issues", *args, "--threads", "-1"], r"--threads: '-1'"),
        (["rank", *args, "--merge", "B-PER"], r"--merge: 'B-PER'; expected FROM:TO"),
        (["rank", *args, "--merge", "B-XYZ:PER"], r"--merge: 'B-XYZ' is not one of the classes"),
        (["rank", *args, "--probs-key", "k"], r"--probs-key names a member of a \.npz"),
        (["rank", *args, "--bogus"], r"--bogus"),
        (["rank", *args[:4], "--classes", b"O,\xff"], r"--classes: ill-formed UTF-8 at byte 2"),
        (["rank", *args, "--merge", b"O:\xc3"], r"--merge: ill-formed UTF-8 at byte 2"),
    ]
    for argv, pattern in cases:
        rc, out, err = run(*argv)
        assert rc == 2, (argv, rc, err)
        assert out == b"" and err.count("\n") == 1 and re.search(pattern, err), (argv, err)
