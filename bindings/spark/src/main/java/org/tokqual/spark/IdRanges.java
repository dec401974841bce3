package org.tokqual.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.tokqual.Status;
import org.tokqual.TokQualException;

/**
 * A sorted set of sentence ids stored as runs of consecutive ids, and each id's rank in it
 * (0 for the smallest). The inspector's pass 2 numbers sentences by rank: consecutive
 * within a batch call, and in id order, so that its ties (by sentence index) go by id.
 * Dense ids take one run in all; memory is 24 bytes per run.
 */
final class IdRanges implements Serializable {
    private static final long serialVersionUID = 1L;

    final long[] first; // run r holds ids first[r] .. last[r]
    final long[] last;
    final long[] rank;  // rank of first[r]

    private IdRanges(long[] first, long[] last, int n) {
        this.first = Arrays.copyOf(first, n);
        this.last = Arrays.copyOf(last, n);
        this.rank = new long[n];
        long next = 0;
        for (int r = 0; r < n; r++) {
            rank[r] = next;
            next += this.last[r] - this.first[r] + 1;
        }
    }

    static final IdRanges EMPTY = new IdRanges(new long[0], new long[0], 0);

    /** The runs of {@code ids[0..n)} (sorted here); a repeated id throws. */
    static IdRanges of(long[] ids, int n, String idColumn) {
        Arrays.sort(ids, 0, n);
        long[] f = new long[Math.max(1, n)];
        long[] l = new long[Math.max(1, n)];
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && ids[i] == ids[i - 1]) {
                throw repeated(ids[i], idColumn);
            }
            if (runs > 0 && ids[i] == l[runs - 1] + 1) {
                l[runs - 1] = ids[i];
            } else {
                f[runs] = ids[i];
                l[runs] = ids[i];
                runs++;
            }
        }
        return new IdRanges(f, l, runs);
    }

    /** The union of two disjoint sets; an id in both throws. */
    static IdRanges merge(IdRanges a, IdRanges b, String idColumn) {
        int n = a.first.length + b.first.length;
        long[] f = new long[Math.max(1, n)];
        long[] l = new long[Math.max(1, n)];
        int i = 0, j = 0, runs = 0;
        while (i < a.first.length || j < b.first.length) {
            boolean takeA = j == b.first.length || (i < a.first.length && a.first[i] < b.first[j]);
            long from = takeA ? a.first[i] : b.first[j];
            long to = takeA ? a.last[i] : b.last[j];
            if (takeA) {
                i++;
            } else {
                j++;
            }
            if (runs > 0 && from <= l[runs - 1]) {
                throw repeated(from, idColumn);
            }
            if (runs > 0 && from == l[runs - 1] + 1) {
                l[runs - 1] = to;
            } else {
                f[runs] = from;
                l[runs] = to;
                runs++;
            }
        }
        return new IdRanges(f, l, runs);
    }

    /** The number of ids. */
    long size() {
        int n = first.length;
        return n == 0 ? 0 : rank[n - 1] + last[n - 1] - first[n - 1] + 1;
    }

    /** The rank of an id of the set. */
    long rankOf(long id) {
        int r = Arrays.binarySearch(first, id);
        if (r < 0) {
            r = -r - 2; // the run starting before id
        }
        if (r < 0 || id > last[r]) {
            throw new IllegalStateException("tokqual-spark: sentence id " + id + " was not seen in pass 1; did the data change between the passes?");
        }
        return rank[r] + (id - first[r]);
    }

    /** The id of a rank. */
    long idOf(long rankValue) {
        int r = Arrays.binarySearch(rank, rankValue);
        if (r < 0) {
            r = -r - 2;
        }
        return first[r] + (rankValue - rank[r]);
    }

    static TokQualException repeated(long id, String idColumn) {
        return new TokQualException(Status.INVALID_VALUE,
                "sentence id " + id + " (column '" + idColumn + "') appears in more than one row");
    }
}
