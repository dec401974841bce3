"""The --format html report opened in headless Chromium (Debian's `chromium`, installed
by scripts/install-deps.sh): its content, and sorting and filtering driven by a script
that clicks a column header and types into the filter box like a user, on a desktop-wide
and a phone-wide window. No network: Chromium runs with its background networking off
and the page must load nothing."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from cli_util import demo_args, require_cli, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Appended to a copy of the report: acts like a user, then records what the table shows.
DRIVER = """
<script>
(function () {
  function visible() {
    return Array.prototype.map.call(document.querySelectorAll("#report tbody tr"), function (tr) {
      return Array.prototype.map.call(tr.cells, function (td) { return td.textContent; });
    });
  }
  function header(label) {
    return Array.prototype.filter.call(document.querySelectorAll("#report th"),
      function (th) { return th.textContent === label; })[0];
  }
  var steps = {};
  steps.initial = visible();
  steps.mark = (document.querySelector("#report mark") || {}).textContent || null;
  header("Score").click();                       // ascending
  steps.score_asc = visible();
  header("Score").click();                       // descending
  steps.score_desc = visible();
  steps.aria = header("Score").getAttribute("aria-sort");
  var box = document.getElementById("filter");
  box.value = "FILTER_WORD";
  box.dispatchEvent(new Event("input"));
  steps.filtered = visible();
  steps.shown = document.getElementById("shown").textContent;
  steps.hash = location.hash;
  var labels = document.getElementById("label-filter");
  box.value = ""; box.dispatchEvent(new Event("input"));
  labels.value = "FILTER_LABEL"; labels.dispatchEvent(new Event("change"));
  steps.by_label = visible();
  steps.thead_display = getComputedStyle(document.querySelector("#report thead")).display;
  steps.width = window.innerWidth;
  var pre = document.createElement("pre");
  pre.id = "driver-result";
  pre.textContent = JSON.stringify(steps);
  document.body.appendChild(pre);
})();
</script>
"""


class _Pre(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "pre" and ("id", "driver-result") in attrs

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def drive(page, word, label, width):
    """Opens the page with the driver in Chromium; returns the driver's record."""
    if CHROMIUM is None:
        pytest.fail("chromium not found: install it (scripts/install-deps.sh installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.html")
        driver = DRIVER.replace("FILTER_WORD", word).replace("FILTER_LABEL", label)
        with open(path, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", driver + "</body>"))
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={os.path.join(tmp, 'profile')}", f"--window-size={width},900",
               "--dump-dom", "file://" + path]
        p = subprocess.run(cmd, capture_output=True, timeout=120, text=True)
        assert p.returncode == 0, p.stderr[-2000:]
        parser = _Pre()
        parser.feed(p.stdout)
        assert parser.text, "the driver recorded nothing: " + p.stdout[-2000:] + p.stderr[-2000:]
        return json.loads(parser.text)


@pytest.fixture(autouse=True)
def _cli():
    require_cli()


def test_rank_report_sorts_and_filters_in_chromium():
    _, out, _ = run("rank", *demo_args(), "--top", "300", "--format", "jsonl", check_rc=0)
    rows = [json.loads(x) for x in out.decode().splitlines()]
    _, page, _ = run("rank", *demo_args(), "--top", "300", "--format", "html", check_rc=0)
    word = rows[0]["word"]
    rec = drive(page.decode("utf-8"), word, "B-LOC", 1200)
    cols = ["#", "Sentence", "Score", "Text", "Token", "Given", "Predicted", "Token score"]
    assert len(rec["initial"]) == 300 and rec["thead_display"] != "none"
    first = rec["initial"][0]
    assert first[1] == str(rows[0]["sentence"]) and first[4] == word
    assert first[3] == " ".join(first[3].split()) and rec["mark"] == word
    scores = [float(r[cols.index("Score")]) for r in rec["score_asc"]]
    assert scores == sorted(scores)
    desc = [float(r[cols.index("Score")]) for r in rec["score_desc"]]
    assert desc == sorted(desc, reverse=True) and rec["aria"] == "descending"
    expected = [r for r in rows if any(word.lower() in str(v).lower() for k, v in r.items()
                                       if k in ("text", "word", "given", "predicted"))]
    assert 0 < len(rec["filtered"]) == len(expected) <= 300
    assert all(word.lower() in " ".join(r).lower() for r in rec["filtered"])
    assert rec["shown"] == f"Showing {len(expected)} of 300"
    assert "q=" + word in rec["hash"] and "sort=score" in rec["hash"]
    assert rec["by_label"] and all("B-LOC" in (r[5], r[6]) for r in rec["by_label"])
    assert len(rec["by_label"]) == sum("B-LOC" in (r["given"], r["predicted"]) for r in rows)


def test_issues_report_on_a_phone_wide_window(tmp_path):
    _, page, _ = run("issues", *demo_args(), "--format", "html", check_rc=0)
    page = page.decode("utf-8")
    assert re.search(r"<script id=\"report-data\" type=\"application/json\">", page)
    rec = drive(page, "zzz-no-such-word", "O", 390)
    assert rec["width"] <= 500 and rec["thead_display"] == "none"  # rows become cards
    assert len(rec["initial"]) > 50 and rec["filtered"] == []
    assert rec["mark"] and rec["initial"][0][3] == rec["mark"]
