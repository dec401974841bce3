package tokqual_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"tokqual.dev/tokqual"
)

// The binding against cleanlab 2.9.0's outputs in tests/conformance/scores.json and
// find_issues.json (the data the C++, Rust and Java tests read): numbers to 1e-12, issue
// lists exactly, every refused configuration with the status the C test expects.

type confCase struct {
	name     string
	offsets  []int64
	labels   []int32
	probs    []float64
	probs32  []float32
	single   bool
	nClasses int
}

func newCase(c map[string]any) confCase {
	p := floats(c["pred_probs"])
	return confCase{name: c["name"].(string), offsets: int64s(c["offsets"]), labels: int32s(c["labels"]),
		probs: p, probs32: float32s(p), single: c["dtype"] == "float32", nClasses: int(integer(c["n_classes"]))}
}

var tokenMethods = map[string]tokqual.TokenMethod{"self_confidence": tokqual.SelfConfidence,
	"normalized_margin": tokqual.NormalizedMargin, "confidence_weighted_entropy": tokqual.ConfidenceWeightedEntropy}

var filterMethods = map[string]tokqual.FilterMethod{"prune_by_noise_rate": tokqual.PruneByNoiseRate,
	"prune_by_class": tokqual.PruneByClass, "both": tokqual.Both, "confident_learning": tokqual.ConfidentLearning,
	"predicted_neq_given": tokqual.PredictedNeqGiven, "low_normalized_margin": tokqual.LowNormalizedMargin,
	"low_self_confidence": tokqual.LowSelfConfidence}

func statusOfKind(kind string) tokqual.Status {
	switch kind {
	case "one_class":
		return tokqual.StatusInvalidLabel
	case "num_to_remove":
		return tokqual.StatusInvalidOption
	case "one_column":
		return tokqual.StatusInvalidSize
	case "probability":
		return tokqual.StatusInvalidProbability
	}
	panic("unknown error kind " + kind)
}

func statusOf(err error) tokqual.Status {
	var e *tokqual.Error
	if errors.As(err, &e) {
		return e.Status
	}
	return -1
}

func TestScoresAndIssuesMatchCleanlab(t *testing.T) {
	checked := 0
	for _, ce := range list(load(t, "scores.json")["cases"]) {
		c := obj(ce)
		k := newCase(c)
		for _, re := range list(c["scores"]) {
			r := obj(re)
			o := tokqual.DefaultScoreOptions()
			o.TokenMethod = tokenMethods[r["token_method"].(string)]
			if r["sentence_method"] == "softmin" {
				o.SentenceMethod = tokqual.Softmin
			}
			if r["temperature"] != nil {
				o.Temperature = num(r["temperature"])
			}
			o.NThreads = 2
			what := fmt.Sprintf("%s %v %v %v", k.name, r["token_method"], r["sentence_method"], r["temperature"])
			var s tokqual.Scores
			var err error
			if k.single {
				s, err = tokqual.LabelQualityScores(k.offsets, k.labels, k.probs32, k.nClasses, &o)
			} else {
				s, err = tokqual.LabelQualityScores(k.offsets, k.labels, k.probs, k.nClasses, &o)
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			assertClose(t, what+" sentence", floats(r["sentence_scores"]), s.Sentence)
			assertClose(t, what+" token", floats(r["token_scores"]), s.Token)
			checked++
		}
		issues, _ := c["issues"].([]any)
		for _, ie := range issues {
			r := obj(ie)
			var reference map[string]any
			for _, se := range list(c["scores"]) {
				s := obj(se)
				if s["token_method"] == r["token_method"] && s["sentence_method"] == "min" {
					reference = s
					break
				}
			}
			threshold := num(r["threshold"])
			sentences, err := tokqual.IssuesFromSentenceScores(floats(reference["sentence_scores"]), threshold)
			if err != nil {
				t.Fatal(err)
			}
			want := int64s(r["sentence_issues"])
			if len(want) != len(sentences) {
				t.Fatalf("%s threshold %v: %v, want %v", k.name, threshold, sentences, want)
			}
			for i := range want {
				if int64(sentences[i]) != want[i] {
					t.Fatalf("%s threshold %v: %v, want %v", k.name, threshold, sentences, want)
				}
			}
			tokens, err := tokqual.IssuesFromTokenScores(k.offsets, floats(reference["token_scores"]), threshold)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(issuesOf(r["token_issues"]), tokens) {
				t.Fatalf("%s threshold %v: token issues %v", k.name, threshold, tokens)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d checks", checked)
	}
}

func find(k confCase, o *tokqual.FindOptions) ([]tokqual.Issue, error) {
	if k.single {
		return tokqual.FindLabelIssues(k.offsets, k.labels, k.probs32, k.nClasses, o)
	}
	return tokqual.FindLabelIssues(k.offsets, k.labels, k.probs, k.nClasses, o)
}

// Token scores given directly, rolled up by cleanlab's np.min and _softmin_sentence_score.
func TestSentenceScoresFromTokenScoresMatchCleanlab(t *testing.T) {
	checked := 0
	for _, ce := range list(load(t, "scores.json")["aggregation"]) {
		c := obj(ce)
		offsets, tokenScores := int64s(c["offsets"]), floats(c["token_scores"])
		for _, re := range list(c["results"]) {
			r := obj(re)
			o := tokqual.DefaultScoreOptions()
			if r["sentence_method"] == "softmin" {
				o.SentenceMethod = tokqual.Softmin
			}
			if r["temperature"] != nil {
				o.Temperature = num(r["temperature"])
			}
			o.NThreads = 2
			what := fmt.Sprintf("%s %v %v", c["name"], r["sentence_method"], r["temperature"])
			s, err := tokqual.SentenceScoresFromTokenScores(offsets, tokenScores, &o)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			assertClose(t, what, floats(r["sentence_scores"]), s)
			checked++
		}
	}
	if checked < 55 {
		t.Fatalf("only %d checks", checked)
	}
}

func TestConfidentLearningMatchesCleanlab(t *testing.T) {
	found, refused := 0, 0
	for _, ce := range list(load(t, "find_issues.json")["cases"]) {
		c := obj(ce)
		k := newCase(c)
		for _, ee := range list(c["find"]) {
			e := obj(ee)
			o := tokqual.FindOptions{
				FilterBy:            filterMethods[e["f"].(string)],
				RankBy:              tokenMethods[e["r"].(string)],
				AdjustPredProbs:     e["a"].(bool),
				FracNoise:           num(e["fn"]),
				MinExamplesPerClass: integer(e["m"]),
				NThreads:            1,
			}
			if e["n"] != nil {
				o.NumToRemovePerClass = int64s(e["n"])
			}
			what := fmt.Sprintf("%s: %v", k.name, e)
			got, err := find(k, &o)
			if kind, ok := e["e"].(string); ok {
				// As tests/test_find_issues.cpp: options first, then sizes, then data.
				want := statusOfKind(kind)
				if k.nClasses < 2 && (o.RankBy != tokqual.SelfConfidence || o.FilterBy == tokqual.LowNormalizedMargin) {
					want = tokqual.StatusInvalidSize
				}
				if e["n"] != nil && o.FilterBy > tokqual.Both {
					want = tokqual.StatusInvalidOption
				}
				if err == nil {
					t.Fatalf("%s: cleanlab refuses this, tokqual accepted it", what)
				}
				if statusOf(err) != want {
					t.Fatalf("%s: %v, want status %v", what, err, want)
				}
				refused++
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if !reflect.DeepEqual(issuesOf(e["i"]), got) {
				t.Fatalf("%s: issues %v", what, got)
			}
			found++
		}
		statistics(t, c, k)
	}
	if found < 1000 || refused < 100 {
		t.Fatalf("only %d + %d checks", found, refused)
	}
}

func statistics(t *testing.T, c map[string]any, k confCase) {
	for _, threads := range []int{1, 3} {
		o := tokqual.DefaultFindOptions()
		o.NThreads = threads
		var th []float64
		var err error
		if k.single {
			th, err = tokqual.ConfidentThresholds(k.labels, k.probs32, k.nClasses, &o)
		} else {
			th, err = tokqual.ConfidentThresholds(k.labels, k.probs, k.nClasses, &o)
		}
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, k.name+" thresholds", floats(c["thresholds"]), th)
		for _, calibrate := range []bool{false, true} {
			var joint [][]int64
			if k.single {
				joint, err = tokqual.ConfidentJoint(k.labels, k.probs32, k.nClasses, calibrate, &o)
			} else {
				joint, err = tokqual.ConfidentJoint(k.labels, k.probs, k.nClasses, calibrate, &o)
			}
			if err != nil {
				t.Fatal(err)
			}
			key := "joint_raw"
			if calibrate {
				key = "joint_calibrated"
			}
			var flat []int64
			for _, row := range joint {
				flat = append(flat, row...)
			}
			if !reflect.DeepEqual(int64s(c[key]), flat) {
				t.Fatalf("%s %s: %v", k.name, key, joint)
			}
		}
		for m, key := range map[tokqual.NumIssuesMethod]string{tokqual.OffDiagonal: "num_issues_off_diagonal",
			tokqual.OffDiagonalCalibrated: "num_issues_off_diagonal_calibrated"} {
			var n int
			if k.single {
				n, err = tokqual.NumLabelIssues(k.labels, k.probs32, k.nClasses, m, &o)
			} else {
				n, err = tokqual.NumLabelIssues(k.labels, k.probs, k.nClasses, m, &o)
			}
			if e, refused := c[key].(map[string]any); refused {
				if want := statusOfKind(e["error"].(string)); statusOf(err) != want {
					t.Fatalf("%s %v: %v, want %v", k.name, m, err, want)
				}
			} else if err != nil || int64(n) != integer(c[key]) {
				t.Fatalf("%s %v: %d %v, want %v", k.name, m, n, err, c[key])
			}
		}
		if want, ok := c["adjusted_pred_probs"]; ok {
			var adjusted []float64
			if k.single {
				adjusted, err = tokqual.AdjustPredProbs(k.labels, k.probs32, k.nClasses, &o)
			} else {
				adjusted, err = tokqual.AdjustPredProbs(k.labels, k.probs, k.nClasses, &o)
			}
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, k.name+" adjusted", floats(want), adjusted)
		}
	}
}

func TestInspectorMatchesCleanlabLowMemoryMode(t *testing.T) {
	checked := 0
	for _, ce := range list(load(t, "find_issues.json")["cases"]) {
		c := obj(ce)
		k := newCase(c)
		for _, ee := range list(c["batched"]) {
			e := obj(ee)
			o := tokqual.InspectorOptions{RankBy: tokenMethods[e["rank_by"].(string)],
				AdjustPredProbs: e["adjust_pred_probs"].(bool), NThreads: 1}
			if e["num_issues_method"] != "off_diagonal" {
				o.NumIssuesMethod = tokqual.OffDiagonalCalibrated
			}
			what := fmt.Sprintf("%s: %v %v %v", k.name, e["rank_by"], e["adjust_pred_probs"], e["num_issues_method"])
			func() {
				in, err := tokqual.NewInspector(k.nClasses, &o)
				if err != nil {
					t.Fatal(err)
				}
				defer in.Close()
				if k.single {
					err = in.UpdateThresholds(k.labels, k.probs32)
				} else {
					err = in.UpdateThresholdsFloat64(k.labels, k.probs)
				}
				if err != nil {
					t.Fatal(what, err)
				}
				if err := in.FinishThresholds(); err != nil {
					t.Fatal(what, err)
				}
				if k.single {
					_, err = in.Score(0, k.offsets, k.labels, k.probs32)
				} else {
					_, err = in.ScoreFloat64(0, k.offsets, k.labels, k.probs)
				}
				if _, refuses := e["error"]; refuses {
					if statusOf(err) != tokqual.StatusInvalidProbability {
						t.Fatalf("%s: %v, want TQ_ERR_INVALID_PROBABILITY", what, err)
					}
					return
				}
				if err != nil {
					t.Fatal(what, err)
				}
				n, err := in.NumLabelIssues()
				if err != nil || int64(n) != integer(e["num_issues"]) {
					t.Fatalf("%s: %d issues %v", what, n, err)
				}
				th, err := in.Thresholds()
				if err != nil {
					t.Fatal(err)
				}
				assertClose(t, what, floats(e["thresholds"]), th)
				issues, err := in.FindLabelIssues()
				if err != nil {
					t.Fatal(err)
				}
				// cleanlab lists the issues by position; tokqual ranks them.
				sort.Slice(issues, func(i, j int) bool {
					a, b := issues[i], issues[j]
					return a.Sentence < b.Sentence || (a.Sentence == b.Sentence && a.Token < b.Token)
				})
				if !reflect.DeepEqual(issuesOf(e["issues"]), issues) {
					t.Fatalf("%s: %v", what, issues)
				}
				checked++
			}()
		}
	}
	if checked < 100 {
		t.Fatalf("only %d checks", checked)
	}
}
