package org.tokqual.spark;

import java.io.Serializable;

/** One issue's token, as read back from the data: given and predicted class, and its score. */
record IssueDetail(long id, int token, int given, int predicted, double score) implements Serializable {}
