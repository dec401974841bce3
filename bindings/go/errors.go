package tokqual

import (
	"errors"
	"fmt"

	"tokqual.dev/tokqual/internal/capi"
)

// Status is the library's status code (tq_status). Values are those of tokqual.h.
type Status int32

// The statuses of tokqual.h.
const (
	StatusOK                 Status = 0
	StatusNullArgument       Status = 1  // a required pointer is NULL
	StatusInvalidSize        Status = 2  // a count is negative, or sizes overflow or disagree
	StatusInvalidOffsets     Status = 3  // offsets do not start at 0, decrease, leave a sentence empty, or miss n_tokens
	StatusInvalidLabel       Status = 4  // a label is outside [0, n_classes)
	StatusInvalidProbability Status = 5  // a probability is NaN, infinite or outside [0, 1]
	StatusInvalidOption      Status = 6  // an option or scalar argument has a bad value
	StatusInvalidStructSize  Status = 7  // an options struct_size the library does not know
	StatusInvalidValue       Status = 8  // another input value is invalid (e.g. a NaN score)
	StatusBufferTooSmall     Status = 9  // a buffer's capacity is too small
	StatusOutOfMemory        Status = 10 // an allocation failed
	StatusInternal           Status = 11 // a bug in tokqual
	StatusInvalidState       Status = 12 // an Inspector was called out of order
)

var statusNames = [...]string{
	"TQ_OK", "TQ_ERR_NULL_ARGUMENT", "TQ_ERR_INVALID_SIZE", "TQ_ERR_INVALID_OFFSETS",
	"TQ_ERR_INVALID_LABEL", "TQ_ERR_INVALID_PROBABILITY", "TQ_ERR_INVALID_OPTION",
	"TQ_ERR_INVALID_STRUCT_SIZE", "TQ_ERR_INVALID_VALUE", "TQ_ERR_BUFFER_TOO_SMALL",
	"TQ_ERR_OUT_OF_MEMORY", "TQ_ERR_INTERNAL", "TQ_ERR_INVALID_STATE",
}

// String is the C name of the status, e.g. "TQ_ERR_INVALID_LABEL".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int32(s))
}

// Description is the library's short English name of the status, e.g. "invalid label"
// (tq_status_string).
func (s Status) Description() string {
	return capi.Status_string(int32(s))
}

// Error is a failed call: the library's status and its message, e.g.
// "tq_label_quality_scores_f32: labels[2] = 7 is outside [0, n_classes = 3)".
type Error struct {
	Status  Status
	Message string
}

func (e *Error) Error() string {
	return "tokqual: " + e.Status.String() + ": " + e.Message
}

// ErrClosed is returned by the methods of an Inspector after Close.
var ErrClosed = errors.New("tokqual: the inspector is closed")

// fromFailure converts the internal failure (nil on success) into an error.
func fromFailure(f *capi.Failure) error {
	if f == nil {
		return nil
	}
	return &Error{Status: Status(f.Status), Message: f.Message}
}

// errorf is an error found in Go before calling C, worded as the library words its own.
func errorf(status Status, format string, args ...any) error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}
