package tokqual_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"tokqual.dev/tokqual"
)

// The "any" cases of the bad-input matrix through the public API: the same status and
// message words as C, whether Go refuses the input itself or the library does. A case
// the public API cannot express is skipped with its reason (errSkip).

var errSkip = errors.New("skip")

// pubCtx is one case's inspectors and saved bytes, by name.
type pubCtx struct {
	inspectors map[string]*tokqual.Inspector
	saved      map[string][]byte
}

func (a *args) skip(keys ...string) {
	for _, k := range keys {
		a.get(k)
	}
}

// stringsOf splits a list of strings given as text and byte offsets.
func stringsOf(text []byte, offsets []int64) []string {
	var out []string
	for i := 0; i+1 < len(offsets); i++ {
		out = append(out, string(text[offsets[i]:offsets[i+1]]))
	}
	return out
}

func pubScoreOptions(m map[string]any) *tokqual.ScoreOptions {
	if m == nil {
		return nil
	}
	o := tokqual.DefaultScoreOptions()
	for f, v := range m {
		switch f {
		case "token_method":
			o.TokenMethod = tokqual.TokenMethod(optionEnum(v))
		case "sentence_method":
			o.SentenceMethod = tokqual.SentenceMethod(optionEnum(v))
		case "temperature":
			o.Temperature = num(v)
		case "n_threads":
			o.NThreads = int(integer(v))
		default:
			panic("score option " + f)
		}
	}
	return &o
}

func pubFindOptions(m map[string]any) *tokqual.FindOptions {
	if m == nil {
		return nil
	}
	o := tokqual.DefaultFindOptions()
	for f, v := range m {
		switch f {
		case "filter_by":
			o.FilterBy = tokqual.FilterMethod(optionEnum(v))
		case "rank_by":
			o.RankBy = tokqual.TokenMethod(optionEnum(v))
		case "frac_noise":
			o.FracNoise = num(v)
		case "min_examples_per_class":
			o.MinExamplesPerClass = integer(v)
		case "n_threads":
			o.NThreads = int(integer(v))
		case "adjust_pred_probs":
			o.AdjustPredProbs = integer(v) != 0
		case "num_to_remove_per_class":
			o.NumToRemovePerClass = int64s(v)
		default:
			panic("find option " + f)
		}
	}
	return &o
}

func pubInspectorOptions(m map[string]any) *tokqual.InspectorOptions {
	if m == nil {
		return nil
	}
	o := tokqual.DefaultInspectorOptions()
	for f, v := range m {
		switch f {
		case "rank_by":
			o.RankBy = tokqual.TokenMethod(optionEnum(v))
		case "adjust_pred_probs":
			o.AdjustPredProbs = integer(v) != 0
		case "num_issues_method":
			o.NumIssuesMethod = tokqual.NumIssuesMethod(optionEnum(v))
		case "n_threads":
			o.NThreads = int(integer(v))
		default:
			panic("inspector option " + f)
		}
	}
	return &o
}

// tokensOf is the summary input of a step, and its issues (sentence-level when
// issue_tokens is null).
func tokensOf[P tokqual.Float](a *args, probs []P) (*tokqual.Tokens[P], []tokqual.Issue, []int) {
	t := &tokqual.Tokens[P]{Offsets: a.i64s("offsets")}
	t.Tokens = stringsOf(a.text("token_text"), a.i64s("token_offsets"))
	a.skip("n_sentences", "text_size", "n_tokens", "n_issues")
	s, tok := a.i64s("issue_sentences"), a.i64s("issue_tokens")
	if _, ok := a.m["labels"]; ok {
		t.Labels = a.i32s("labels")
		t.PredProbs = probs
		t.NClasses = int(a.i64("n_classes"))
		if ex := a.i32s("exclude"); ex != nil {
			for i := 0; i+1 < len(ex); i += 2 {
				t.Exclude = append(t.Exclude, [2]int32{ex[i], ex[i+1]})
			}
		}
		a.skip("n_exclude")
	}
	if _, ok := a.m["class_names"]; ok {
		if names := a.text("class_names"); names != nil {
			t.ClassNames = stringsOf(names, a.i64s("class_name_offsets"))
		} else {
			a.skip("class_name_offsets")
		}
		a.skip("class_names_size")
	}
	if tok == nil {
		sentences := make([]int, len(s))
		for i, x := range s {
			sentences[i] = int(x)
		}
		return t, nil, sentences
	}
	issues := make([]tokqual.Issue, len(s))
	for i := range s {
		issues[i] = tokqual.Issue{Sentence: int(s[i]), Token: int(tok[i])}
	}
	return t, issues, nil
}

func formatOptions(m map[string]any) *tokqual.FormatIssuesOptions {
	if m == nil {
		return nil
	}
	o := tokqual.DefaultFormatIssuesOptions()
	for f, v := range m {
		switch f {
		case "top":
			o.Top = integer(v)
		default:
			panic(errSkip) // highlight markers given as raw bytes
		}
	}
	return &o
}

func commonOptions(m map[string]any) *tokqual.CommonIssuesOptions {
	if m == nil {
		return nil
	}
	o := tokqual.DefaultCommonIssuesOptions()
	for f, v := range m {
		switch f {
		case "top":
			o.Top = integer(v)
		case "verbose":
			o.Verbose = integer(v) != 0
		default:
			panic("common option " + f)
		}
	}
	return &o
}

type pubCall func(a *args, ctx *pubCtx) error

func first[T any](_ T, err error) error { return err }

func words(a *args) []tokqual.WordSpan {
	b, e := a.i64s("word_begin"), a.i64s("word_end")
	w := make([]tokqual.WordSpan, len(b))
	for i := range b {
		w[i] = tokqual.WordSpan{Begin: b[i], End: e[i]}
	}
	return w
}

// classesOf checks a step's n_classes is the inspector's (the public Inspector takes none).
func classesOf(a *args, in *tokqual.Inspector) {
	if int(a.i64("n_classes")) != in.NClasses() {
		panic(errSkip)
	}
}

func (c *pubCtx) named(a *args, k string) *tokqual.Inspector {
	v := a.get(k)
	in, ok := c.inspectors[fmt.Sprint(v)]
	if !ok {
		panic("no inspector " + fmt.Sprint(v))
	}
	return in
}

// newInspector records a step's new inspector under its out_inspector name.
func (c *pubCtx) keep(a *args, in *tokqual.Inspector, err error) error {
	name := obj(a.get("out_inspector"))["inspector"].(string)
	if err == nil {
		c.inspectors[name] = in
	} else if in != nil {
		return fmt.Errorf("an inspector came back with the error %v", err)
	}
	return err
}

var pubCalls = map[string]pubCall{
	"tq_label_quality_scores_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "sentence_scores", "token_scores")
		return first(tokqual.LabelQualityScores(a.i64s("offsets"), a.i32s("labels"), a.f32s("pred_probs"),
			int(a.i64("n_classes")), pubScoreOptions(a.options("options"))))
	},
	"tq_label_quality_scores_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "sentence_scores", "token_scores")
		return first(tokqual.LabelQualityScores(a.i64s("offsets"), a.i32s("labels"), a.f64s("pred_probs"),
			int(a.i64("n_classes")), pubScoreOptions(a.options("options"))))
	},
	"tq_sentence_scores_from_token_scores": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "sentence_scores")
		return first(tokqual.SentenceScoresFromTokenScores(a.i64s("offsets"), a.f64s("token_scores"),
			pubScoreOptions(a.options("options"))))
	},
	"tq_issues_from_sentence_scores": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "out_sentences", "out_count")
		return first(tokqual.IssuesFromSentenceScores(a.f64s("sentence_scores"), a.f64("threshold")))
	},
	"tq_issues_from_token_scores": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "out_sentences", "out_tokens", "out_count")
		return first(tokqual.IssuesFromTokenScores(a.i64s("offsets"), a.f64s("token_scores"), a.f64("threshold")))
	},
	"tq_find_label_issues_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "out_sentences", "out_tokens", "out_count")
		return first(tokqual.FindLabelIssues(a.i64s("offsets"), a.i32s("labels"), a.f32s("pred_probs"),
			int(a.i64("n_classes")), pubFindOptions(a.options("options"))))
	},
	"tq_find_label_issues_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_sentences", "n_tokens", "out_sentences", "out_tokens", "out_count")
		return first(tokqual.FindLabelIssues(a.i64s("offsets"), a.i32s("labels"), a.f64s("pred_probs"),
			int(a.i64("n_classes")), pubFindOptions(a.options("options"))))
	},
	"tq_confident_thresholds_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_thresholds")
		return first(tokqual.ConfidentThresholds(a.i32s("labels"), a.f32s("pred_probs"), int(a.i64("n_classes")),
			pubFindOptions(a.options("options"))))
	},
	"tq_confident_thresholds_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_thresholds")
		return first(tokqual.ConfidentThresholds(a.i32s("labels"), a.f64s("pred_probs"), int(a.i64("n_classes")),
			pubFindOptions(a.options("options"))))
	},
	"tq_confident_joint_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_joint")
		return first(tokqual.ConfidentJoint(a.i32s("labels"), a.f32s("pred_probs"), int(a.i64("n_classes")),
			a.i64("calibrate") != 0, pubFindOptions(a.options("options"))))
	},
	"tq_confident_joint_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_joint")
		return first(tokqual.ConfidentJoint(a.i32s("labels"), a.f64s("pred_probs"), int(a.i64("n_classes")),
			a.i64("calibrate") != 0, pubFindOptions(a.options("options"))))
	},
	"tq_num_label_issues_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_count")
		return first(tokqual.NumLabelIssues(a.i32s("labels"), a.f32s("pred_probs"), int(a.i64("n_classes")),
			tokqual.NumIssuesMethod(a.enum("method")), pubFindOptions(a.options("options"))))
	},
	"tq_num_label_issues_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_count")
		return first(tokqual.NumLabelIssues(a.i32s("labels"), a.f64s("pred_probs"), int(a.i64("n_classes")),
			tokqual.NumIssuesMethod(a.enum("method")), pubFindOptions(a.options("options"))))
	},
	"tq_adjust_pred_probs_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_pred_probs")
		return first(tokqual.AdjustPredProbs(a.i32s("labels"), a.f32s("pred_probs"), int(a.i64("n_classes")),
			pubFindOptions(a.options("options"))))
	},
	"tq_adjust_pred_probs_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "out_pred_probs")
		return first(tokqual.AdjustPredProbs(a.i32s("labels"), a.f64s("pred_probs"), int(a.i64("n_classes")),
			pubFindOptions(a.options("options"))))
	},
	"tq_process_token": func(a *args, _ *pubCtx) error {
		a.skip("token_size", "pairs_text_size", "n_pairs", "out_text", "capacity", "out_size")
		flat := stringsOf(a.text("pairs_text"), a.i64s("pair_offsets"))
		var r []tokqual.Replacement
		for i := 0; i+1 < len(flat); i += 2 {
			r = append(r, tokqual.Replacement{Find: flat[i], Replace: flat[i+1]})
		}
		return first(tokqual.ProcessToken(string(a.text("token")), r...))
	},
	"tq_map_labels": func(a *args, _ *pubCtx) error {
		a.skip("n_labels", "n_maps", "out_labels")
		return first(tokqual.MapLabels(a.i32s("labels"), a.i32s("maps")))
	},
	"tq_merge_probs_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "n_merged_classes", "out_probs")
		return first(tokqual.MergeProbs(a.f32s("pred_probs"), int(a.i64("n_classes")), a.i32s("maps")))
	},
	"tq_merge_probs_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_tokens", "n_merged_classes", "out_probs")
		return first(tokqual.MergeProbs(a.f64s("pred_probs"), int(a.i64("n_classes")), a.i32s("maps")))
	},
	"tq_format_token_scores": func(a *args, _ *pubCtx) error {
		a.skip("text_size", "n_words", "out_text", "capacity", "out_size")
		return first(tokqual.FormatTokenScores(stringsOf(a.text("text"), a.i64s("word_offsets")), a.f64s("scores")))
	},
	"tq_subword_to_word_probs_f32": func(a *args, _ *pubCtx) error {
		a.skip("n_subwords", "n_words", "n_weights", "out_word_probs")
		return first(tokqual.SubwordToWordProbs(a.f32s("subword_probs"), int(a.i64("n_classes")), words(a), a.f64s("weights")))
	},
	"tq_subword_to_word_probs_f64": func(a *args, _ *pubCtx) error {
		a.skip("n_subwords", "n_words", "n_weights", "out_word_probs")
		return first(tokqual.SubwordToWordProbs(a.f64s("subword_probs"), int(a.i64("n_classes")), words(a), a.f64s("weights")))
	},
	"tq_format_issues_f32": func(a *args, _ *pubCtx) error {
		return formatPublic(a, a.f32s("pred_probs"))
	},
	"tq_format_issues_f64": func(a *args, _ *pubCtx) error {
		return formatPublic(a, a.f64s("pred_probs"))
	},
	"tq_common_label_issues_f32": func(a *args, _ *pubCtx) error {
		return commonPublic(a, a.f32s("pred_probs"))
	},
	"tq_common_label_issues_f64": func(a *args, _ *pubCtx) error {
		return commonPublic(a, a.f64s("pred_probs"))
	},
	"tq_format_common_label_issues_f32": func(a *args, _ *pubCtx) error {
		return formatCommonPublic(a, a.f32s("pred_probs"))
	},
	"tq_format_common_label_issues_f64": func(a *args, _ *pubCtx) error {
		return formatCommonPublic(a, a.f64s("pred_probs"))
	},
	"tq_filter_by_token": func(a *args, _ *pubCtx) error {
		a.skip("word_size", "out_sentences", "out_tokens", "out_count")
		t, issues, sentences := tokensOf[float64](a, nil)
		if sentences != nil {
			panic(errSkip)
		}
		return first(tokqual.FilterByToken(string(a.text("word")), t.Offsets, t.Tokens, issues))
	},
	"tq_inspector_create": func(a *args, c *pubCtx) error {
		in, err := tokqual.NewInspector(int(a.i64("n_classes")), pubInspectorOptions(a.options("options")))
		return c.keep(a, in, err)
	},
	"tq_inspector_clone": func(a *args, c *pubCtx) error {
		in, err := c.named(a, "inspector").Clone()
		return c.keep(a, in, err)
	},
	"tq_inspector_update_thresholds_f32": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		classesOf(a, in)
		a.skip("n_tokens")
		return in.UpdateThresholds(a.i32s("labels"), a.f32s("pred_probs"))
	},
	"tq_inspector_update_thresholds_f64": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		classesOf(a, in)
		a.skip("n_tokens")
		return in.UpdateThresholdsFloat64(a.i32s("labels"), a.f64s("pred_probs"))
	},
	"tq_inspector_finish_thresholds": func(a *args, c *pubCtx) error {
		return c.named(a, "inspector").FinishThresholds()
	},
	"tq_inspector_thresholds": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		classesOf(a, in)
		a.skip("out_thresholds")
		return first(in.Thresholds())
	},
	"tq_inspector_score_f32": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		classesOf(a, in)
		a.skip("n_sentences", "n_tokens", "token_scores")
		return first(in.Score(a.i64("first_sentence"), a.i64s("offsets"), a.i32s("labels"), a.f32s("pred_probs")))
	},
	"tq_inspector_score_f64": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		classesOf(a, in)
		a.skip("n_sentences", "n_tokens", "token_scores")
		return first(in.ScoreFloat64(a.i64("first_sentence"), a.i64s("offsets"), a.i32s("labels"), a.f64s("pred_probs")))
	},
	"tq_inspector_merge": func(a *args, c *pubCtx) error {
		return c.named(a, "into").Merge(c.named(a, "from"))
	},
	"tq_inspector_num_label_issues": func(a *args, c *pubCtx) error {
		a.skip("out_count")
		return first(c.named(a, "inspector").NumLabelIssues())
	},
	"tq_inspector_find_label_issues": func(a *args, c *pubCtx) error {
		a.skip("out_sentences", "out_tokens", "capacity", "out_count")
		return first(c.named(a, "inspector").FindLabelIssues())
	},
	"tq_inspector_save": func(a *args, c *pubCtx) error {
		in := c.named(a, "inspector")
		keep, ok := a.get("buffer").(map[string]any)
		if !ok || keep["bytes"] == nil {
			panic(errSkip) // only the keep-bytes form is idiomatic
		}
		b, err := in.Save()
		c.saved[keep["bytes"].(string)] = b
		return err
	},
	"tq_inspector_load": func(a *args, c *pubCtx) error {
		raw := &args{m: a.m, used: a.used, ctx: &caseCtx{saved: c.saved}}
		b := raw.savedBuffer("buffer")
		if _, ok := a.m["size"]; ok && a.u64("size") != uint64(len(b)) {
			panic(errSkip) // a size other than the slice's
		}
		in, err := tokqual.LoadInspector(b)
		return c.keep(a, in, err)
	},
}

func formatPublic[P tokqual.Float](a *args, probs []P) error {
	a.skip("out_text", "capacity", "out_size")
	t, issues, sentences := tokensOf(a, probs)
	o := formatOptions(a.options("options"))
	if sentences != nil {
		return first(tokqual.FormatSentenceIssues(t, sentences, o))
	}
	return first(tokqual.FormatIssues(t, issues, o))
}

func commonPublic[P tokqual.Float](a *args, probs []P) error {
	a.skip("out_word_tokens", "out_given", "out_predicted", "out_counts", "out_count")
	t, issues, sentences := tokensOf(a, probs)
	if sentences != nil {
		panic(errSkip) // the Go API takes []Issue: token issues only
	}
	return first(tokqual.CommonLabelIssues(t, issues))
}

func formatCommonPublic[P tokqual.Float](a *args, probs []P) error {
	a.skip("out_text", "capacity", "out_size")
	t, issues, sentences := tokensOf(a, probs)
	if sentences != nil {
		panic(errSkip)
	}
	return first(tokqual.FormatCommonLabelIssues(t, issues, commonOptions(a.options("options"))))
}

// runPublic runs one case; it returns errSkip when the public API cannot express it.
func runPublic(c badCase) (err error) {
	ctx := &pubCtx{inspectors: map[string]*tokqual.Inspector{}, saved: map[string][]byte{}}
	defer func() {
		for _, in := range ctx.inspectors {
			in.Close()
		}
		if r := recover(); r != nil {
			if r != errSkip {
				panic(r)
			}
			err = errSkip
		}
	}()
	for i, s := range c.steps {
		call := s["call"].(string)
		fn, ok := pubCalls[call]
		if !ok {
			return fmt.Errorf("step %d: no public runner for %s", i, call)
		}
		a := &args{m: obj(s["args"]), used: map[string]bool{}}
		got := fn(a, ctx)
		for k := range a.m {
			if !a.used[k] {
				return fmt.Errorf("step %d: %s: argument %s not used", i, call, k)
			}
		}
		want := tokqual.Status(statusNamed(s["status"].(string)))
		if want == tokqual.StatusOK {
			if got != nil {
				return fmt.Errorf("step %d: %s: %v, want no error", i, call, got)
			}
			continue
		}
		var e *tokqual.Error
		if !errors.As(got, &e) {
			return fmt.Errorf("step %d: %s: %v, want a *tokqual.Error with %v", i, call, got, want)
		}
		if e.Status != want {
			return fmt.Errorf("step %d: %s: %v, want status %v", i, call, got, want)
		}
		for _, w := range strs(s["message"]) {
			if !strings.Contains(e.Message, w) {
				return fmt.Errorf("step %d: %s: message %q lacks %q", i, call, e.Message, w)
			}
		}
	}
	return nil
}

func TestBadInputsPublicAPI(t *testing.T) {
	ran, skipped := 0, []string{}
	for _, c := range badCases(t) {
		if c.layer != "any" {
			continue
		}
		err := runPublic(c)
		if err == errSkip {
			skipped = append(skipped, c.name)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		ran++
	}
	if ran < 240 {
		t.Fatalf("only %d cases ran; skipped %v", ran, skipped)
	}
	t.Logf("%d \"any\" cases through the public API; skipped (not expressible): %v", ran, skipped)
}
