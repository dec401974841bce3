package org.tokqual.spark;

import java.io.Serializable;
import org.tokqual.InspectorOptions;
import org.tokqual.NumIssuesMethod;
import org.tokqual.ScoreOptions;
import org.tokqual.SentenceMethod;
import org.tokqual.TokenMethod;

/** The binding's option objects are not Serializable: their fields travel to the executors in these. */
final class Specs {
    private Specs() {}

    record Score(TokenMethod tokenMethod, SentenceMethod sentenceMethod, double temperature, int nThreads)
            implements Serializable {
        static Score of(ScoreOptions o) {
            return new Score(o.tokenMethod(), o.sentenceMethod(), o.temperature(), o.nThreads());
        }

        ScoreOptions options() {
            return ScoreOptions.builder().tokenMethod(tokenMethod).sentenceMethod(sentenceMethod)
                    .temperature(temperature).nThreads(nThreads).build();
        }
    }

    record Inspect(TokenMethod rankBy, boolean adjustPredProbs, NumIssuesMethod numIssuesMethod, int nThreads)
            implements Serializable {
        static Inspect of(InspectorOptions o) {
            return new Inspect(o.rankBy(), o.adjustPredProbs(), o.numIssuesMethod(), o.nThreads());
        }

        InspectorOptions options() {
            return InspectorOptions.builder().rankBy(rankBy).adjustPredProbs(adjustPredProbs)
                    .numIssuesMethod(numIssuesMethod).nThreads(nThreads).build();
        }
    }
}
