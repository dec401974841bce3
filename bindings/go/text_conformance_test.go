package tokqual_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"tokqual.dev/tokqual"
)

// The text helpers and issue reports against cleanlab 2.9.0's outputs in
// tests/conformance/text.json: strings byte for byte, numbers to 1e-12.

func TestSentenceAndTokenHelpers(t *testing.T) {
	data := load(t, "text.json")
	for _, ce := range list(data["get_sentence"]) {
		c := obj(ce)
		got, err := tokqual.GetSentence(strs(c["words"]))
		if err != nil || got != c["sentence"] {
			t.Fatalf("GetSentence(%q) = %q, %v; want %q", c["words"], got, err, c["sentence"])
		}
	}
	f := obj(data["filter_sentence"])
	sentences := strs(f["sentences"])
	var want []int
	var wantMask []bool
	for i, m := range list(f["mask"]) {
		wantMask = append(wantMask, m.(bool))
		if m.(bool) {
			want = append(want, i)
		}
	}
	kept, err := tokqual.FilterSentences(sentences)
	if err != nil || !reflect.DeepEqual(want, kept) {
		t.Fatalf("FilterSentences = %v, %v; want %v", kept, err, want)
	}
	mask, err := tokqual.FilterSentencesMask(sentences)
	if err != nil || !reflect.DeepEqual(wantMask, mask) {
		t.Fatalf("FilterSentencesMask = %v, %v; want %v", mask, err, wantMask)
	}
	for _, ce := range list(data["process_token"]) {
		c := obj(ce)
		var replace []tokqual.Replacement
		if c["replace"] != nil {
			for _, p := range list(c["replace"]) {
				pair := strs(p)
				replace = append(replace, tokqual.Replacement{Find: pair[0], Replace: pair[1]})
			}
		}
		got, err := tokqual.ProcessToken(c["token"].(string), replace...)
		if err != nil || got != c["result"] {
			t.Fatalf("ProcessToken(%v) = %q, %v", c, got, err)
		}
	}
	colored := 0
	for _, ce := range list(data["color"]) {
		c := obj(ce)
		sentence, word := c["sentence"].(string), c["word"].(string)
		if want, ok := c["colored"]; ok {
			got, err := tokqual.ColorSentence(sentence, word, nil)
			if err != nil || got != want {
				t.Fatalf("ColorSentence(%q, %q) = %q, %v; want %q", sentence, word, got, err, want)
			}
			colored++
		} else {
			got, err := tokqual.ReplaceWord(sentence, word, c["new_word"].(string))
			if err != nil || got != c["replaced"] {
				t.Fatalf("ReplaceWord(%v) = %q, %v", c, got, err)
			}
		}
	}
	if colored < 100 {
		t.Fatalf("only %d", colored)
	}
}

func TestClassMapsAndSubwords(t *testing.T) {
	data := load(t, "text.json")
	for _, ce := range list(data["mapping"]) {
		c := obj(ce)
		got, err := tokqual.MapLabels(int32s(c["labels"]), int32s(c["maps"]))
		if err != nil || !reflect.DeepEqual(int32s(c["mapped"]), got) {
			t.Fatalf("MapLabels(%v) = %v, %v", c, got, err)
		}
	}
	for _, ce := range list(data["merge_probs"]) {
		c := obj(ce)
		probs, maps, k := floats(c["pred_probs"]), int32s(c["maps"]), int(integer(c["n_classes"]))
		want := floats(c["merged"])
		got, err := tokqual.MergeProbs(probs, k, maps)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "merge_probs f64", want, got)
		if c["dtype"] == "float32" {
			got32, err := tokqual.MergeProbs(float32s(probs), k, maps)
			if err != nil || len(got32) != len(want) {
				t.Fatal(err)
			}
			for i := range want {
				if math.Abs(want[i]-float64(got32[i])) > 1e-7 {
					t.Fatalf("merge_probs f32 [%d]: %v, want %v", i, got32[i], want[i])
				}
			}
		}
	}
	for _, ce := range list(data["subword"]) {
		c := obj(ce)
		var weights []float64
		if c["weights"] != nil {
			weights = floats(c["weights"])
		}
		begin, end := int64s(c["word_begin"]), int64s(c["word_end"])
		words := make([]tokqual.WordSpan, len(begin))
		for i := range begin {
			words[i] = tokqual.WordSpan{Begin: begin[i], End: end[i]}
		}
		got, err := tokqual.SubwordToWordProbs(floats(c["subword_probs"]), int(integer(c["n_classes"])), words, weights)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "subword_to_word_probs", floats(c["word_probs"]), got)
	}
}

func TestIssueReportsMatchCleanlab(t *testing.T) {
	data := load(t, "text.json")
	checked := 0
	for _, ce := range list(data["datasets"]) {
		c := obj(ce)
		tokens, offsets, labels := strs(c["tokens"]), int64s(c["offsets"]), int32s(c["labels"])
		probs, k, issues := floats(c["pred_probs"]), int(integer(c["n_classes"])), issuesOf(c["issues"])
		var names []string
		if c["class_names"] != nil {
			names = strs(c["class_names"])
		}
		var exclude [][2]int32
		for _, p := range list(c["exclude"]) {
			e := int32s(p)
			exclude = append(exclude, [2]int32{e[0], e[1]})
		}
		seed := c["seed"]
		display := tokqual.DefaultFormatIssuesOptions()
		display.Top = integer(c["top_display"])
		input := func(v map[string]any, withLabels, withProbs bool) *tokqual.Tokens[float64] {
			in := &tokqual.Tokens[float64]{Offsets: offsets, Tokens: tokens, NClasses: k}
			if withLabels {
				in.Labels = labels
			}
			if withProbs {
				in.PredProbs = probs
			}
			if b, ok := v["class_names"].(bool); ok && b {
				in.ClassNames = names
			}
			return in
		}
		for _, ve := range list(c["display"]) {
			v := obj(ve)
			in := input(v, v["labels"].(bool), v["pred_probs"].(bool))
			in.Exclude = exclude
			got, err := tokqual.FormatIssues(in, issues, &display)
			if err != nil || got != v["text"] {
				t.Fatalf("seed %v %v: %q, %v\nwant %q", seed, v, got, err, v["text"])
			}
			checked++
		}
		v := obj(c["display_sentences"])
		var sentenceIssues []int
		for _, x := range int64s(v["issues"]) {
			sentenceIssues = append(sentenceIssues, int(x))
		}
		got, err := tokqual.FormatSentenceIssues(input(v, v["labels"].(bool), false), sentenceIssues, &display)
		if err != nil || got != v["text"] {
			t.Fatalf("seed %v sentence issues: %q, %v", seed, got, err)
		}
		for _, we := range list(c["common"]) {
			w := obj(we)
			swaps := w["swaps"].(bool)
			in := input(w, swaps, swaps)
			if swaps {
				in.Exclude = exclude
			}
			o := tokqual.CommonIssuesOptions{Top: integer(c["top_common"]), Verbose: w["verbose"].(bool)}
			text, err := tokqual.FormatCommonLabelIssues(in, issues, &o)
			if err != nil || text != w["text"] {
				t.Fatalf("seed %v common: %q, %v\nwant %q", seed, text, err, w["text"])
			}
			rows, err := tokqual.CommonLabelIssues(in, issues)
			if err != nil {
				t.Fatal(err)
			}
			var gotRows, wantRows []string
			for _, r := range rows {
				if r.Word != tokens[r.Token] {
					t.Fatalf("row word %q, token %d is %q", r.Word, r.Token, tokens[r.Token])
				}
				gotRows = append(gotRows, fmt.Sprintf("%s|%d|%d|%d", r.Word, r.Given, r.Predicted, r.Count))
			}
			for _, re := range list(w["rows"]) {
				a := list(re)
				wantRows = append(wantRows, fmt.Sprintf("%s|%d|%d|%d", a[0], integer(a[1]), integer(a[2]), integer(a[3])))
			}
			if !reflect.DeepEqual(wantRows, gotRows) {
				t.Fatalf("seed %v rows %v, want %v", seed, gotRows, wantRows)
			}
			checked++
		}
		for _, qe := range list(c["filter_by_token"]) {
			q := obj(qe)
			got, err := tokqual.FilterByToken(q["word"].(string), offsets, tokens, issues)
			if err != nil || !reflect.DeepEqual(issuesOf(q["issues"]), got) {
				t.Fatalf("seed %v FilterByToken %q: %v, %v", seed, q["word"], got, err)
			}
		}
		scores, err := tokqual.LabelQualityScores(offsets, labels, probs, k, nil)
		if err != nil {
			t.Fatal(err)
		}
		for s, want := range list(c["token_scores_text"]) {
			from, to := offsets[s], offsets[s+1]
			got, err := tokqual.FormatTokenScores(tokens[from:to], scores.Token[from:to])
			if err != nil || got != want {
				t.Fatalf("seed %v sentence %d: %q, %v; want %q", seed, s, got, err, want)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d checks", checked)
	}
}
