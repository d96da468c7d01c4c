package dev.flora.ledger.entry;

/**
 * The typed value of one attribute of a status change. Attributes carry procedural facts
 * (decision outcome, legal basis, receiving state), never personal data.
 */
public sealed interface AttributeValue {

    /** A text value of 0..1024 UTF-8 bytes without control characters. */
    static Text text(String value) {
        return new Text(value);
    }

    /** A signed 64-bit integer value. */
    static Int of(long value) {
        return new Int(value);
    }

    /** A boolean value. */
    static Bool of(boolean value) {
        return new Bool(value);
    }

    /** Text: MUST be well-formed, MUST NOT contain C0, DEL or C1 controls, 0..1024 bytes. */
    record Text(String value) implements AttributeValue {
        public Text {
            FieldRules.requireText("attribute text", value, 0, FieldRules.MAX_TEXT_BYTES);
        }
    }

    /** A signed 64-bit integer. */
    record Int(long value) implements AttributeValue {
    }

    /** A boolean. */
    record Bool(boolean value) implements AttributeValue {
    }
}
