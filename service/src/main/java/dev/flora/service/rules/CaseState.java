package dev.flora.service.rules;

/**
 * The projection of one case, derived from its entries: the federal state responsible for it,
 * its procedure stage (the event type of the last stage-changing entry), the decision outcome if
 * any, its revision (number of entries) and the index of its last entry.
 */
public record CaseState(String caseRef, String federalState, String stage,
        String decisionOutcome, long revision, long lastIndex) {

    public CaseState {
        if (revision < 1) {
            throw new IllegalArgumentException("case " + caseRef + " revision " + revision
                    + " < 1: a case exists only once it has an entry");
        }
    }
}
