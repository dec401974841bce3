package org.tokqual.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.tokqual.Status;
import org.tokqual.TokQualException;

/**
 * Reads rows of (id: long, labels: array<int|long>, pred_probs: array<float|double> or
 * array<array<float|double>>) as Spark's executors hold them ({@link InternalRow}, arrays
 * as {@link UnsafeArrayData}) into a {@link Batch}, copying each array's values in one
 * block (no per-element boxing, no per-row Java objects). Checks what the C call cannot
 * see (nulls, row lengths against {@code nClasses}) and refuses a bad row with a
 * {@link TokQualException} naming its sentence id; labels and probability values are
 * checked by the C call.
 */
final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    final String idColumn;
    final String labelsColumn;
    final String probsColumn;
    final int nClasses;
    final boolean labelsLong;     // array<bigint> (range-checked here), else array<int>
    final boolean labelsNullable; // the array type allows null elements
    final boolean probsDouble;
    final boolean probsNested;    // array<array<...>>: one inner array per token
    final boolean probsNullable;  // some level of pred_probs allows null elements

    RowReader(String idColumn, String labelsColumn, String probsColumn, int nClasses, boolean labelsLong,
              boolean labelsNullable, boolean probsDouble, boolean probsNested, boolean probsNullable) {
        this.idColumn = idColumn;
        this.labelsColumn = labelsColumn;
        this.probsColumn = probsColumn;
        this.nClasses = nClasses;
        this.labelsLong = labelsLong;
        this.labelsNullable = labelsNullable;
        this.probsDouble = probsDouble;
        this.probsNested = probsNested;
        this.probsNullable = probsNullable;
    }

    Batch newBatch() {
        return new Batch(nClasses, probsDouble);
    }

    /** The id of a row (column 0). */
    long id(InternalRow row) {
        if (row.isNullAt(0)) {
            throw new TokQualException(Status.NULL_ARGUMENT, "column '" + idColumn + "' (the sentence id) is null in a row");
        }
        return row.getLong(0);
    }

    /** Appends one row (id, labels, pred_probs) to the batch, or throws and leaves it unchanged. */
    void append(InternalRow row, Batch batch) {
        long id = id(row);
        if (row.isNullAt(1)) {
            throw bad(Status.NULL_ARGUMENT, id, "column '" + labelsColumn + "' is null");
        }
        if (row.isNullAt(2)) {
            throw bad(Status.NULL_ARGUMENT, id, "column '" + probsColumn + "' is null");
        }
        ArrayData labels = row.getArray(1);
        ArrayData probs = row.getArray(2);
        int n = labels.numElements();
        if (probsNested) {
            if (probs.numElements() != n) {
                throw bad(Status.INVALID_SIZE, id, "'" + probsColumn + "' has " + probs.numElements()
                        + " rows; expected one per label (" + n + ")");
            }
        } else if (probs.numElements() != (long) n * nClasses) {
            throw bad(Status.INVALID_SIZE, id, "'" + probsColumn + "' has " + probs.numElements()
                    + " values; expected labels (" + n + ") x n_classes (" + nClasses + ") = " + (long) n * nClasses);
        }
        if (labelsNullable) {
            int j = firstNull(labels);
            if (j >= 0) {
                throw bad(Status.INVALID_LABEL, id, "'" + labelsColumn + "'[" + j + "] is null");
            }
        }
        int first = batch.beginSentence(id, n);
        try {
            readLabels(id, labels, batch, first, n);
            if (probsNested) {
                for (int j = 0; j < n; j++) {
                    if (probs.isNullAt(j)) {
                        throw bad(Status.INVALID_PROBABILITY, id, "'" + probsColumn + "'[" + j + "] is null");
                    }
                    ArrayData inner = probs.getArray(j);
                    if (inner.numElements() != nClasses) {
                        throw bad(Status.INVALID_SIZE, id, "'" + probsColumn + "'[" + j + "] has " + inner.numElements()
                                + " values; expected n_classes = " + nClasses);
                    }
                    readProbs(id, inner, j, batch, (first + j) * nClasses);
                }
            } else {
                readProbs(id, probs, -1, batch, first * nClasses);
            }
        } catch (RuntimeException e) {
            batch.dropLast();
            throw e;
        }
    }

    private void readLabels(long id, ArrayData labels, Batch batch, int at, int n) {
        if (!labelsLong) {
            copy(labels, batch.labels, Platform.INT_ARRAY_OFFSET + 4L * at, 4L * n);
            if (!(labels instanceof UnsafeArrayData)) {
                for (int j = 0; j < n; j++) {
                    batch.labels[at + j] = labels.getInt(j);
                }
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            long v = labels.getLong(j);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw bad(Status.INVALID_LABEL, id, "'" + labelsColumn + "'[" + j + "] = " + v
                        + " is outside [0, n_classes = " + nClasses + ")");
            }
            batch.labels[at + j] = (int) v;
        }
    }

    private void readProbs(long id, ArrayData probs, int token, Batch batch, int at) {
        if (probsNullable) {
            int j = firstNull(probs);
            if (j >= 0) {
                String where = token < 0 ? "[" + j + "]" : "[" + token + "][" + j + "]";
                throw bad(Status.INVALID_PROBABILITY, id, "'" + probsColumn + "'" + where + " is null");
            }
        }
        int m = probs.numElements();
        if (probsDouble) {
            if (probs instanceof UnsafeArrayData) {
                copy(probs, batch.doubles, Platform.DOUBLE_ARRAY_OFFSET + 8L * at, 8L * m);
            } else {
                for (int j = 0; j < m; j++) {
                    batch.doubles[at + j] = probs.getDouble(j);
                }
            }
        } else if (probs instanceof UnsafeArrayData) {
            copy(probs, batch.floats, Platform.FLOAT_ARRAY_OFFSET + 4L * at, 4L * m);
        } else {
            for (int j = 0; j < m; j++) {
                batch.floats[at + j] = probs.getFloat(j);
            }
        }
    }

    /** One block copy of an UnsafeArrayData's values (they follow its header); else nothing. */
    private static void copy(ArrayData from, Object to, long toOffset, long bytes) {
        if (from instanceof UnsafeArrayData u) {
            long header = UnsafeArrayData.calculateHeaderPortionInBytes(u.numElements());
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + header, to, toOffset, bytes);
        }
    }

    /** The index of the first null element, or -1; reads the null bitmap a word at a time. */
    private static int firstNull(ArrayData a) {
        int n = a.numElements();
        if (a instanceof UnsafeArrayData u) {
            long header = UnsafeArrayData.calculateHeaderPortionInBytes(n);
            boolean any = false;
            for (long w = 8; w < header; w += 8) {
                if (Platform.getLong(u.getBaseObject(), u.getBaseOffset() + w) != 0) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return -1;
            }
        }
        for (int j = 0; j < n; j++) {
            if (a.isNullAt(j)) {
                return j;
            }
        }
        return -1;
    }

    TokQualException bad(Status status, long id, String what) {
        return new TokQualException(status, "sentence id " + id + " (column '" + idColumn + "'): " + what);
    }
}
