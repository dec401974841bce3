// Package tokqual finds label errors in token-classification data (named entities,
// part-of-speech tags, any per-token tagging), with the numbers of cleanlab 2.9.0's
// cleanlab.token_classification package. It is the Go binding of the tokqual C library.
//
// # Data layout
//
// A dataset of N sentences and T tokens comes in as flat slices, as in tokqual.h:
//
//   - offsets []int64 of N+1 entries: sentence i owns tokens [offsets[i], offsets[i+1]);
//     offsets[0] == 0, offsets strictly increase and offsets[N] == T;
//   - labels []int32 of T entries, each in [0, nClasses);
//   - predProbs of T*nClasses entries, row-major, float32 or float64 (the functions are
//     generic over [Float]): predProbs[t*nClasses+k] is the probability that token t is
//     class k.
//
// [NewDataset] builds this from nested per-sentence slices. Slices are passed to the
// library without copying.
//
// # Options
//
// Every function taking options takes a pointer: nil means the library's defaults. To
// change a few fields, start from the Default...Options function, whose values are those
// of the C tq_..._options_init functions:
//
//	opts := tokqual.DefaultScoreOptions()
//	opts.SentenceMethod = tokqual.Softmin
//	scores, err := tokqual.LabelQualityScores(offsets, labels, probs, 3, &opts)
//
// The zero value of an options struct is not the defaults where a default is not zero
// (Temperature, FracNoise, MinExamplesPerClass, Top, Verbose).
//
// # Errors
//
// Every failure is an *[Error] carrying the library's [Status] and its message, which
// names the offending argument, index and value; use errors.As to read them. Lengths
// are checked in Go before any C call. A failed call returns no partial result.
//
// # Threads
//
// Every function may be called from many goroutines at once. An [Inspector] serializes
// its own calls.
package tokqual
