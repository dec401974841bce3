package tokqual_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tokqual.dev/tokqual"
	"tokqual.dev/tokqual/internal/capi"
)

// A small dataset: 3 sentences, 3 classes; token 1 of sentence 1 ("cooks") is labeled 0
// but confidently predicted 2.
var (
	exOffsets = []int64{0, 3, 5, 10}
	exLabels  = []int32{0, 1, 2, 1, 0, 0, 0, 1, 2, 2}
	exProbs   = []float32{
		0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.05, 0.05, 0.9,
		0.2, 0.7, 0.1, 0.05, 0.05, 0.9,
		0.8, 0.1, 0.1, 0.7, 0.2, 0.1, 0.1, 0.85, 0.05, 0.1, 0.1, 0.8, 0.05, 0.15, 0.8,
	}
	exTokens = []string{"Alice", "visited", "Paris", "Bob", "cooks", "The", "cat", "saw", "Rome", "today"}
)

func wantStatus(t *testing.T, err error, want tokqual.Status, words ...string) {
	t.Helper()
	var e *tokqual.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want a *tokqual.Error with %v", err, want)
	}
	if e.Status != want {
		t.Fatalf("status %v (%s), want %v", e.Status, e.Message, want)
	}
	for _, w := range words {
		if !strings.Contains(e.Message, w) {
			t.Fatalf("message %q lacks %q", e.Message, w)
		}
	}
	if !strings.Contains(e.Error(), want.String()) || !strings.Contains(e.Error(), e.Message) {
		t.Fatalf("Error() = %q", e.Error())
	}
}

func TestVersionAndStatus(t *testing.T) {
	// The Go version constants are the header's; the loaded library is that version.
	header, err := os.ReadFile("../../include/tokqual/tokqual.h")
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]int{"MAJOR": tokqual.VersionMajor, "MINOR": tokqual.VersionMinor,
		"PATCH": tokqual.VersionPatch} {
		m := regexp.MustCompile(`#define TQ_VERSION_` + name + ` (\d+)`).FindSubmatch(header)
		if m == nil || string(m[1]) != strconv.Itoa(value) {
			t.Fatalf("TQ_VERSION_%s: header %q, Go %d", name, m, value)
		}
	}
	want := fmt.Sprintf("%d.%d.%d", tokqual.VersionMajor, tokqual.VersionMinor, tokqual.VersionPatch)
	if tokqual.Version() != want || tokqual.LoadedVersionNumber() != tokqual.VersionNumber {
		t.Fatalf("library %s (%d), binding %s (%d)", tokqual.Version(), tokqual.LoadedVersionNumber(), want,
			tokqual.VersionNumber)
	}
	if d := tokqual.StatusInvalidOffsets.Description(); d != "invalid offsets" {
		t.Fatalf("Description = %q", d)
	}
	if d := tokqual.Status(99).Description(); d != "unknown status" {
		t.Fatalf("Description(99) = %q", d)
	}
	// The Go constants are the header's (the generated enum values come from C).
	pairs := map[tokqual.Status]capi.Enum_SS_tq_status{
		tokqual.StatusOK: capi.TQ_OK, tokqual.StatusNullArgument: capi.TQ_ERR_NULL_ARGUMENT,
		tokqual.StatusInvalidSize: capi.TQ_ERR_INVALID_SIZE, tokqual.StatusInvalidOffsets: capi.TQ_ERR_INVALID_OFFSETS,
		tokqual.StatusInvalidLabel: capi.TQ_ERR_INVALID_LABEL, tokqual.StatusInvalidProbability: capi.TQ_ERR_INVALID_PROBABILITY,
		tokqual.StatusInvalidOption: capi.TQ_ERR_INVALID_OPTION, tokqual.StatusInvalidStructSize: capi.TQ_ERR_INVALID_STRUCT_SIZE,
		tokqual.StatusInvalidValue: capi.TQ_ERR_INVALID_VALUE, tokqual.StatusBufferTooSmall: capi.TQ_ERR_BUFFER_TOO_SMALL,
		tokqual.StatusOutOfMemory: capi.TQ_ERR_OUT_OF_MEMORY, tokqual.StatusInternal: capi.TQ_ERR_INTERNAL,
		tokqual.StatusInvalidState: capi.TQ_ERR_INVALID_STATE,
	}
	for g, c := range pairs {
		if int(g) != int(c) {
			t.Fatalf("%v = %d, header %d", g, g, c)
		}
	}
	enums := map[int]capi.Enum_SS_tq_token_method{int(tokqual.SelfConfidence): capi.TQ_SELF_CONFIDENCE,
		int(tokqual.NormalizedMargin): capi.TQ_NORMALIZED_MARGIN, int(tokqual.ConfidenceWeightedEntropy): capi.TQ_CONFIDENCE_WEIGHTED_ENTROPY}
	for g, c := range enums {
		if g != int(c) {
			t.Fatalf("token method %d, header %d", g, c)
		}
	}
	if int(tokqual.Softmin) != int(capi.TQ_SOFTMIN) || int(tokqual.Min) != int(capi.TQ_MIN) ||
		int(tokqual.LowSelfConfidence) != int(capi.TQ_LOW_SELF_CONFIDENCE) ||
		int(tokqual.PredictedNeqGiven) != int(capi.TQ_PREDICTED_NEQ_GIVEN) ||
		int(tokqual.OffDiagonalCalibrated) != int(capi.TQ_OFF_DIAGONAL_CALIBRATED) {
		t.Fatal("enum values differ from the header's")
	}
}

// The Default...Options values are those of the C _options_init functions.
func TestDefaultOptionsAreTheLibrarys(t *testing.T) {
	s := capi.NewNativeScoreOptions()
	defer capi.DeleteNativeScoreOptions(s)
	if f := capi.Score_options_init(s); f != nil {
		t.Fatal(f)
	}
	d := tokqual.DefaultScoreOptions()
	if int(d.TokenMethod) != s.GetToken_method() || int(d.SentenceMethod) != s.GetSentence_method() ||
		d.Temperature != s.GetTemperature() || d.NThreads != s.GetN_threads() {
		t.Fatalf("DefaultScoreOptions %+v", d)
	}
	f := capi.NewNativeFindOptions()
	defer capi.DeleteNativeFindOptions(f)
	if e := capi.Find_options_init(f); e != nil {
		t.Fatal(e)
	}
	fd := tokqual.DefaultFindOptions()
	if int(fd.FilterBy) != f.GetFilter_by() || int(fd.RankBy) != f.GetRank_by() || fd.FracNoise != f.GetFrac_noise() ||
		fd.MinExamplesPerClass != f.GetMin_examples_per_class() || fd.NThreads != f.GetN_threads() ||
		fd.AdjustPredProbs != (f.GetAdjust_pred_probs() != 0) || fd.NumToRemovePerClass != nil {
		t.Fatalf("DefaultFindOptions %+v", fd)
	}
	in := capi.NewNativeInspectorOptions()
	defer capi.DeleteNativeInspectorOptions(in)
	if e := capi.Inspector_options_init(in); e != nil {
		t.Fatal(e)
	}
	id := tokqual.DefaultInspectorOptions()
	if int(id.RankBy) != in.GetRank_by() || id.AdjustPredProbs != (in.GetAdjust_pred_probs() != 0) ||
		int(id.NumIssuesMethod) != in.GetNum_issues_method() || id.NThreads != in.GetN_threads() {
		t.Fatalf("DefaultInspectorOptions %+v", id)
	}
	fi := capi.NewNativeFormatIssuesOptions()
	defer capi.DeleteNativeFormatIssuesOptions(fi)
	if e := capi.Format_issues_options_init(fi); e != nil {
		t.Fatal(e)
	}
	if tokqual.DefaultFormatIssuesOptions().Top != fi.GetTop() || tokqual.DefaultFormatIssuesOptions().Highlight != nil {
		t.Fatal("DefaultFormatIssuesOptions")
	}
	ci := capi.NewNativeCommonIssuesOptions()
	defer capi.DeleteNativeCommonIssuesOptions(ci)
	if e := capi.Common_issues_options_init(ci); e != nil {
		t.Fatal(e)
	}
	cd := tokqual.DefaultCommonIssuesOptions()
	if cd.Top != ci.GetTop() || cd.Verbose != (ci.GetVerbose() != 0) {
		t.Fatalf("DefaultCommonIssuesOptions %+v", cd)
	}
	// Passing the defaults gives what nil gives.
	a, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, &d)
	if err != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("defaults %v, nil %v (%v)", b, a, err)
	}
}

// Every TQ_API function of tokqual.h has a generated wrapper, and the public package
// calls every wrapper (the _options_init functions run inside the options constructors
// and are called by TestDefaultOptionsAreTheLibrarys; tq_last_error_message by
// TestLastErrorMessageOnTheSameThread).
func TestEveryHeaderFunctionIsReachable(t *testing.T) {
	header, err := os.ReadFile("../../include/tokqual/tokqual.h")
	if err != nil {
		t.Fatal(err)
	}
	generated, err := os.ReadFile("internal/capi/capi.go")
	if err != nil {
		t.Fatal(err)
	}
	var public strings.Builder
	files, _ := os.ReadDir(".")
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".go") && !strings.HasSuffix(f.Name(), "_test.go") {
			b, _ := os.ReadFile(f.Name())
			public.Write(b)
		}
	}
	names := regexp.MustCompile(`TQ_API [^;(]*?\b(tq_\w+)\(`).FindAllSubmatch(header, -1)
	if len(names) < 55 {
		t.Fatalf("only %d functions found in tokqual.h", len(names))
	}
	for _, m := range names {
		c := string(m[1])
		goName := strings.ToUpper(c[3:4]) + c[4:]
		if !strings.Contains(string(generated), "\nfunc "+goName+"(") {
			t.Errorf("%s: no generated capi.%s", c, goName)
			continue
		}
		if strings.HasSuffix(c, "_options_init") {
			continue
		}
		if !strings.Contains(public.String(), "capi."+goName+"(") {
			t.Errorf("%s: capi.%s is not called by the public package", c, goName)
		}
	}
}

func TestScoresIssuesAndErrors(t *testing.T) {
	s, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Sentence[1]-0.05) > 1e-6 || math.Abs(s.Token[4]-0.05) > 1e-6 || len(s.Token) != 10 {
		t.Fatalf("scores %+v", s)
	}
	if got := s.SentenceTokens(exOffsets, 1); len(got) != 2 || got[1] != s.Token[4] {
		t.Fatalf("SentenceTokens %v", got)
	}
	sentences, err := tokqual.IssuesFromSentenceScores(s.Sentence, 0.5)
	if err != nil || !reflect.DeepEqual(sentences, []int{1}) {
		t.Fatalf("IssuesFromSentenceScores %v %v", sentences, err)
	}
	tokens, err := tokqual.IssuesFromTokenScores(exOffsets, s.Token, 0.5)
	if err != nil || !reflect.DeepEqual(tokens, []tokqual.Issue{{Sentence: 1, Token: 1}}) {
		t.Fatalf("IssuesFromTokenScores %v %v", tokens, err)
	}
	// float64 gives the same numbers; Into writes into caller slices.
	p64 := make([]float64, len(exProbs))
	for i, p := range exProbs {
		p64[i] = float64(p)
	}
	sent, tok := make([]float64, 3), make([]float64, 10)
	if err := tokqual.LabelQualityScoresInto(exOffsets, exLabels, p64, 3, nil, sent, tok); err != nil ||
		!reflect.DeepEqual(sent, s.Sentence) || !reflect.DeepEqual(tok, s.Token) {
		t.Fatalf("Into %v %v %v", sent, tok, err)
	}
	if err := tokqual.LabelQualityScoresInto(exOffsets, exLabels, p64, 3, nil, sent, nil); err != nil {
		t.Fatal(err)
	}
	// Errors: from the library (named argument, index, value) and from the Go checks.
	bad := append([]int32{}, exLabels...)
	bad[2] = 7
	_, err = tokqual.LabelQualityScores(exOffsets, bad, exProbs, 3, nil)
	wantStatus(t, err, tokqual.StatusInvalidLabel, "tq_label_quality_scores_f32", "labels[2] = 7")
	_, err = tokqual.LabelQualityScores(exOffsets, exLabels, exProbs[:29], 3, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "len(pred_probs) = 29")
	_, err = tokqual.LabelQualityScores(nil, exLabels, exProbs, 3, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "len(offsets) = 0")
	err = tokqual.LabelQualityScoresInto(exOffsets, exLabels, exProbs, 3, nil, make([]float64, 2), nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "len(sentence_scores) = 2")
	o := tokqual.DefaultScoreOptions()
	o.Temperature = math.NaN()
	o.SentenceMethod = tokqual.Softmin
	_, err = tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, &o)
	wantStatus(t, err, tokqual.StatusInvalidOption, "temperature")
	o = tokqual.DefaultScoreOptions()
	o.NThreads = math.MaxInt32 + 1
	_, err = tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, &o)
	wantStatus(t, err, tokqual.StatusInvalidOption, "n_threads = 2147483648")
	// Nothing written on error.
	sent = []float64{-1, -1, -1}
	bad[2] = -1
	if tokqual.LabelQualityScoresInto(exOffsets, bad, exProbs, 3, nil, sent, nil) == nil || sent[0] != -1 || sent[2] != -1 {
		t.Fatalf("written on error: %v", sent)
	}
}

func TestFindAndStatistics(t *testing.T) {
	issues, err := tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, nil)
	if err != nil || !reflect.DeepEqual(issues, []tokqual.Issue{{Sentence: 1, Token: 1}}) {
		t.Fatalf("FindLabelIssues %v %v", issues, err)
	}
	var nestedLabels [][]int32
	var nestedProbs [][][]float32
	for i := 0; i+1 < len(exOffsets); i++ {
		nestedLabels = append(nestedLabels, exLabels[exOffsets[i]:exOffsets[i+1]])
		var rows [][]float32
		for t := exOffsets[i]; t < exOffsets[i+1]; t++ {
			rows = append(rows, exProbs[3*t:3*t+3])
		}
		nestedProbs = append(nestedProbs, rows)
	}
	d, err := tokqual.NewDataset(nestedLabels, nestedProbs, 3)
	if err != nil || !reflect.DeepEqual(d.Offsets, exOffsets) || !reflect.DeepEqual(d.PredProbs, exProbs) ||
		!reflect.DeepEqual(d.Labels, exLabels) {
		t.Fatalf("NewDataset %+v %v", d, err)
	}
	if got, err := d.FindLabelIssues(nil); err != nil || !reflect.DeepEqual(got, issues) {
		t.Fatalf("Dataset.FindLabelIssues %v %v", got, err)
	}
	if s, err := d.LabelQualityScores(nil); err != nil || len(s.Sentence) != 3 {
		t.Fatal(err)
	}
	_, err = tokqual.NewDataset([][]int32{{0}, {}}, [][][]float32{{{1}}, {}}, 1)
	wantStatus(t, err, tokqual.StatusInvalidOffsets, "sentence 1")
	_, err = tokqual.NewDataset([][]int32{{0}}, [][][]float32{{{1, 0}}}, 3)
	wantStatus(t, err, tokqual.StatusInvalidSize, "pred_probs[0][0]")

	th, err := tokqual.ConfidentThresholds(exLabels, exProbs, 3, nil)
	if err != nil || len(th) != 3 {
		t.Fatal(th, err)
	}
	joint, err := tokqual.ConfidentJoint(exLabels, exProbs, 3, false, nil)
	if err != nil || len(joint) != 3 || len(joint[0]) != 3 {
		t.Fatal(joint, err)
	}
	var total int64
	for _, row := range joint {
		for _, c := range row {
			total += c
		}
	}
	if total != 7 || joint[0][2] != 1 {
		t.Fatalf("joint %v", joint)
	}
	n, err := tokqual.NumLabelIssues(exLabels, exProbs, 3, tokqual.OffDiagonal, nil)
	if err != nil || n != 1 {
		t.Fatalf("NumLabelIssues %d %v", n, err)
	}
	adj, err := tokqual.AdjustPredProbs(exLabels, exProbs, 3, nil)
	if err != nil || len(adj) != 30 {
		t.Fatal(adj, err)
	}
	// Sizes Go would have to allocate for are refused before any allocation.
	_, err = tokqual.ConfidentThresholds([]int32{}, []float32{}, 1<<40, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "n_classes = 1099511627776")
	_, err = tokqual.ConfidentJoint([]int32{}, []float32{}, 46341, true, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "n_classes = 46341")
	_, err = tokqual.SubwordToWordProbs([]float32{}, 1<<62, []tokqual.WordSpan{{Begin: 0, End: 1}}, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "overflows")
	o := tokqual.DefaultFindOptions()
	o.FilterBy = tokqual.PruneByClass
	o.NumToRemovePerClass = []int64{0, 1}
	_, err = tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, &o)
	wantStatus(t, err, tokqual.StatusInvalidOption, "num_to_remove_per_class")
	o.NumToRemovePerClass = []int64{0, 1, 0}
	if _, err := tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, &o); err != nil {
		t.Fatal(err)
	}
	o.FracNoise = 2
	_, err = tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, &o)
	wantStatus(t, err, tokqual.StatusInvalidOption, "frac_noise")
}

func TestTextHelpers(t *testing.T) {
	s, err := tokqual.GetSentence([]string{"This", "is", "a", "sentence", "."})
	if err != nil || s != "This is a sentence." {
		t.Fatal(s, err)
	}
	kept, err := tokqual.FilterSentences([]string{"Hello World", "#x", "A"})
	if err != nil || !reflect.DeepEqual(kept, []int{0}) {
		t.Fatal(kept, err)
	}
	mask, err := tokqual.FilterSentencesMask([]string{"Hello World", "#x"})
	if err != nil || !reflect.DeepEqual(mask, []bool{true, false}) {
		t.Fatal(mask, err)
	}
	if k := tokqual.FilterSentencesFunc([]string{"a", "bb", "ccc"}, func(s string) bool { return len(s) > 1 }); !reflect.DeepEqual(k, []int{1, 2}) {
		t.Fatal(k)
	}
	p, err := tokqual.ProcessToken("Cleanlab", tokqual.Replacement{Find: "C", Replace: "a"}, tokqual.Replacement{Find: "a", Replace: "C"})
	if err != nil || p != "aleCnlCb" {
		t.Fatal(p, err)
	}
	if p, err := tokqual.ProcessToken("#tag"); err != nil || p != "tag" {
		t.Fatal(p, err)
	}
	long := strings.Repeat("x", 100)
	if p, err := tokqual.ProcessToken("#tag", tokqual.Replacement{Find: "#", Replace: long}); err != nil || p != long+"tag" {
		t.Fatal(p, err)
	}
	m, err := tokqual.MapLabels([]int32{0, 0, 4, 4, 3}, []int32{0, 1, 1, 2, 2})
	if err != nil || !reflect.DeepEqual(m, []int32{0, 0, 2, 2, 2}) {
		t.Fatal(m, err)
	}
	merged, err := tokqual.MergeProbs([]float64{0.5, 0.3, 0.2}, 3, []int32{0, 1, 1})
	if err != nil || len(merged) != 2 || math.Abs(merged[1]-0.5) > 1e-15 {
		t.Fatal(merged, err)
	}
	r, err := tokqual.ReplaceWord("This is a sentence.", "is", "was")
	if err != nil || r != "This was a sentence." {
		t.Fatal(r, err)
	}
	c, err := tokqual.ColorSentence("This is a sentence.", "sentence", nil)
	if err != nil || c != "This is a "+tokqual.ANSIRed+"sentence"+tokqual.ANSIReset+"." {
		t.Fatalf("%q %v", c, err)
	}
	c, err = tokqual.ColorSentence("This is a sentence.", "sentence", &tokqual.Highlight{Before: "<b>", After: "</b>"})
	if err != nil || c != "This is a <b>sentence</b>." {
		t.Fatal(c, err)
	}
	w, err := tokqual.SubwordToWordProbs([]float32{0.2, 0.8, 0.4, 0.6, 1, 0}, 2,
		[]tokqual.WordSpan{{Begin: 0, End: 2}, {Begin: 2, End: 3}}, nil)
	if err != nil || math.Abs(float64(w[0])-0.3) > 1e-6 || w[2] != 1 {
		t.Fatal(w, err)
	}
	f, err := tokqual.FormatTokenScores([]string{"a", "b"}, []float64{0.1, 1e-05})
	if err != nil || f != "a\t0.1\nb\t1e-05\n" {
		t.Fatalf("%q %v", f, err)
	}
	_, err = tokqual.FormatTokenScores([]string{"a"}, []float64{math.Inf(1)})
	wantStatus(t, err, tokqual.StatusInvalidValue, "scores[0]")
	_, err = tokqual.FormatTokenScores([]string{"a"}, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "len(scores) = 0")
	_, err = tokqual.GetSentence([]string{"\xc0\xaf"})
	wantStatus(t, err, tokqual.StatusInvalidValue, "UTF-8")
}

func TestSummaries(t *testing.T) {
	in := &tokqual.Tokens[float32]{Offsets: exOffsets, Tokens: exTokens, Labels: exLabels, PredProbs: exProbs, NClasses: 3,
		ClassNames: []string{"O", "B-PER", "B-LOC"}}
	issues := []tokqual.Issue{{Sentence: 1, Token: 1}}
	text, err := tokqual.FormatIssues(in, issues, nil)
	if err != nil || !strings.Contains(text, "Sentence index: 1, Token index: 1") || !strings.Contains(text, "Token: cooks") ||
		!strings.Contains(text, "Given label: O") {
		t.Fatalf("%q %v", text, err)
	}
	o := tokqual.FormatIssuesOptions{Top: 1, Highlight: &tokqual.Highlight{Before: "**", After: "**"}}
	if text, err := tokqual.FormatIssues(in, issues, &o); err != nil || !strings.Contains(text, "Bob **cooks**") {
		t.Fatalf("%q %v", text, err)
	}
	if text, err := tokqual.FormatSentenceIssues(&tokqual.Tokens[float32]{Offsets: exOffsets, Tokens: exTokens}, []int{0}, nil); err != nil ||
		text != "Sentence issue: Alice visited Paris\n" {
		t.Fatalf("%q %v", text, err)
	}
	rows, err := tokqual.CommonLabelIssues(in, issues)
	if err != nil || !reflect.DeepEqual(rows, []tokqual.CommonIssue{{Token: 4, Word: "cooks", Given: 0, Predicted: 2, Count: 1}}) {
		t.Fatalf("%+v %v", rows, err)
	}
	common, err := tokqual.FormatCommonLabelIssues(in, issues, nil)
	if err != nil || !strings.Contains(common, "Token 'cooks' is potentially mislabeled 1 times") {
		t.Fatalf("%q %v", common, err)
	}
	found, err := tokqual.FilterByToken("COOKS", exOffsets, exTokens, issues)
	if err != nil || !reflect.DeepEqual(found, issues) {
		t.Fatal(found, err)
	}
	in.ClassNames = []string{"O"}
	_, err = tokqual.FormatIssues(in, issues, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "class_names")
	_, err = tokqual.FormatIssues(&tokqual.Tokens[float64]{Offsets: exOffsets, Tokens: exTokens}, []tokqual.Issue{{Sentence: 5}}, nil)
	wantStatus(t, err, tokqual.StatusInvalidValue)
}

func inspectorOverExample(t *testing.T) *tokqual.Inspector {
	in, err := tokqual.NewInspector(3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.UpdateThresholds(exLabels, exProbs); err != nil {
		t.Fatal(err)
	}
	if err := in.FinishThresholds(); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Score(0, exOffsets, exLabels, exProbs); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestInspector(t *testing.T) {
	in := inspectorOverExample(t)
	defer in.Close()
	issues, err := in.FindLabelIssues()
	if err != nil || !reflect.DeepEqual(issues, []tokqual.Issue{{Sentence: 1, Token: 1}}) {
		t.Fatal(issues, err)
	}
	seen, scored, err := in.Counts()
	if err != nil || seen != 10 || scored != 10 {
		t.Fatal(seen, scored, err)
	}
	th, err := in.Thresholds()
	if err != nil || len(th) != 3 {
		t.Fatal(th, err)
	}
	// Save / load round trip.
	saved, err := in.Save()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := tokqual.LoadInspector(saved)
	if err != nil || loaded.NClasses() != 3 {
		t.Fatal(err)
	}
	if again, err := loaded.FindLabelIssues(); err != nil || !reflect.DeepEqual(again, issues) {
		t.Fatal(again, err)
	}
	resaved, _ := loaded.Save()
	if !reflect.DeepEqual(saved, resaved) {
		t.Fatal("save(load(save)) differs")
	}
	loaded.Close()
	damaged := append([]byte{}, saved...)
	damaged[0] = 'X'
	_, err = tokqual.LoadInspector(damaged)
	wantStatus(t, err, tokqual.StatusInvalidValue)
	_, err = tokqual.LoadInspector(nil)
	wantStatus(t, err, tokqual.StatusInvalidValue)

	// Sharding: two halves scored separately and merged give the same issues.
	a, _ := tokqual.NewInspector(3, nil)
	defer a.Close()
	if err := a.UpdateThresholds(exLabels, exProbs); err != nil || a.FinishThresholds() != nil {
		t.Fatal(err)
	}
	b, err := a.Clone()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Score(0, []int64{0, 3}, exLabels[:3], exProbs[:9]); err != nil {
		t.Fatal(err)
	}
	p64 := make([]float64, 21)
	for i := range p64 {
		p64[i] = float64(exProbs[9+i])
	}
	if _, err := b.ScoreFloat64(1, []int64{0, 2, 7}, exLabels[3:], p64); err != nil {
		t.Fatal(err)
	}
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if got, err := a.FindLabelIssues(); err != nil || !reflect.DeepEqual(got, issues) {
		t.Fatal(got, err)
	}
	wantStatus(t, a.Merge(a), tokqual.StatusInvalidValue)
	wantStatus(t, a.Merge(nil), tokqual.StatusNullArgument, "from")
	// Out of order, and Go's own length check.
	c, _ := tokqual.NewInspector(3, nil)
	defer c.Close()
	wantStatus(t, c.FinishThresholds(), tokqual.StatusInvalidState, "pass 1")
	wantStatus(t, c.UpdateThresholds(exLabels, exProbs[:3]), tokqual.StatusInvalidSize, "len(pred_probs) = 3")
	_, err = tokqual.NewInspector(0, nil)
	wantStatus(t, err, tokqual.StatusInvalidSize, "n_classes = 0")
	n, err := in.NumLabelIssues()
	if err != nil || n != 1 {
		t.Fatal(n, err)
	}
}

func TestInspectorCloseIsIdempotentAndFinal(t *testing.T) {
	in := inspectorOverExample(t)
	other, _ := tokqual.NewInspector(3, nil)
	defer other.Close()
	if in.Close() != nil || in.Close() != nil {
		t.Fatal("Close failed")
	}
	checks := []error{in.FinishThresholds(), in.UpdateThresholds(exLabels, exProbs), in.Merge(other), other.Merge(in)}
	_, err := in.FindLabelIssues()
	checks = append(checks, err)
	_, err = in.Save()
	checks = append(checks, err)
	_, err = in.Clone()
	checks = append(checks, err)
	_, _, err = in.Counts()
	checks = append(checks, err)
	for i, err := range checks {
		if !errors.Is(err, tokqual.ErrClosed) {
			t.Fatalf("call %d after Close: %v", i, err)
		}
	}
}
