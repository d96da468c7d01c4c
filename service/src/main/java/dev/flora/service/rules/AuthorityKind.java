package dev.flora.service.rules;

/** What kind of body an authority is; the rules say which kinds may issue which events. */
public enum AuthorityKind {
    /** A branch office of the Federal Office for Migration and Refugees (BAMF). */
    BAMF_BRANCH_OFFICE,
    /** A state directorate, e.g. the Saxony State Directorate. */
    STATE_DIRECTORATE,
    /** A reception facility (initial reception centre). */
    RECEPTION_FACILITY,
    /** A district's immigration authority (Auslaenderbehoerde). */
    IMMIGRATION_AUTHORITY
}
