package dev.flora.ledger.entry;

/** Why bytes are not a v1 entry. Stable names: tests, vectors and other languages use them. */
public enum EntryFormatError {
    /** The input ends inside a field. */
    TRUNCATED,
    /** Bytes follow the request id, the last field. */
    TRAILING_BYTES,
    /** The first byte is not a known format version (v1 = 0x01). */
    UNKNOWN_VERSION,
    /** A length prefix is outside the field's allowed range. */
    BAD_LENGTH,
    /** The index is below zero. */
    NEGATIVE_INDEX,
    /** A text field is not strict UTF-8 (includes overlong forms and encoded surrogates). */
    INVALID_UTF8,
    /** A text field holds a control character (U+0000..U+001F, U+007F, U+0080..U+009F). */
    CONTROL_CHARACTER,
    /** An event type, authority id or attribute key does not match its grammar. */
    INVALID_IDENTIFIER,
    /** The attribute count is above 32. */
    TOO_MANY_ATTRIBUTES,
    /** An attribute key is not strictly after the one before it (includes duplicates). */
    NON_CANONICAL_ORDER,
    /** An attribute type byte is not 0x01, 0x02 or 0x03. */
    UNKNOWN_ATTRIBUTE_TYPE,
    /** A boolean byte is not 0x00 or 0x01. */
    BAD_BOOLEAN,
    /** The payload commitment flag is not 0x00 or 0x01. */
    BAD_FLAG,
    /** Entry 0 names a previous hash other than 32 zero bytes. */
    NONZERO_GENESIS_PREVIOUS_HASH
}
