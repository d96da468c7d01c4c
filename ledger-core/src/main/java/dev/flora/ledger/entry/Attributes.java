package dev.flora.ledger.entry;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The attributes of a status change: at most 32 keys, each matching {@code [a-z][a-z0-9_]*}
 * (1..64 bytes), kept in canonical order (ascending by byte value, which for these ASCII keys is
 * {@link String#compareTo} order). Immutable.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(new String[0], new AttributeValue[0]);

    // Parallel arrays in canonical order: the encoder walks them without allocating.
    private final String[] keys;
    private final AttributeValue[] values;

    private Attributes(String[] keys, AttributeValue[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** No attributes. */
    public static Attributes empty() {
        return EMPTY;
    }

    /** The attributes of {@code map}, in canonical order whatever the map's own order. */
    public static Attributes of(Map<String, ? extends AttributeValue> map) {
        FieldRules.requireNonNull("attribute map", map);
        Builder b = builder();
        map.forEach(b::put);
        return b.build();
    }

    /** A builder; keys may be added in any order but each only once. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Attributes from arrays already in strictly ascending key order (the decoder checks the
     * order itself, with offsets); re-checks every rule so no invalid instance can exist.
     */
    static Attributes ofSorted(String[] keys, AttributeValue[] values) {
        if (keys.length > FieldRules.MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("too many attributes " + keys.length
                    + ", want at most " + FieldRules.MAX_ATTRIBUTES);
        }
        for (int i = 0; i < keys.length; i++) {
            FieldRules.requireIdentifier("attribute key", keys[i], FieldRules.MAX_KEY_BYTES,
                    FieldRules::isAttributeKey, FieldRules.KEY_GRAMMAR);
            if (values[i] == null) { // the message is built only on failure: decode is hot
                throw new IllegalArgumentException(
                        "attribute " + FieldRules.quote(keys[i]) + " is null");
            }
            if (i > 0 && keys[i - 1].compareTo(keys[i]) >= 0) {
                throw new IllegalArgumentException("attribute key " + FieldRules.quote(keys[i])
                        + " is not after " + FieldRules.quote(keys[i - 1]));
            }
        }
        return keys.length == 0 ? EMPTY : new Attributes(keys, values);
    }

    /** The number of attributes, 0..32. */
    public int size() {
        return keys.length;
    }

    /** The value of {@code key}, if present. */
    public Optional<AttributeValue> get(String key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? Optional.of(values[i]) : Optional.empty();
    }

    /** The i-th key in canonical order. */
    public String keyAt(int i) {
        return keys[i];
    }

    /** The value of the i-th key in canonical order. */
    public AttributeValue valueAt(int i) {
        return values[i];
    }

    /** An unmodifiable view in canonical order. */
    public SortedMap<String, AttributeValue> asMap() {
        TreeMap<String, AttributeValue> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return Collections.unmodifiableSortedMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a
                && Arrays.equals(keys, a.keys) && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Collects attributes; {@link #build()} sorts them into canonical order. */
    public static final class Builder {
        private final TreeMap<String, AttributeValue> map = new TreeMap<>();

        private Builder() {
        }

        /** Adds {@code key}; a key MUST NOT be added twice. */
        public Builder put(String key, AttributeValue value) {
            FieldRules.requireNonNull("attribute key", key);
            if (value == null) {
                throw new IllegalArgumentException("attribute " + FieldRules.quote(key)
                        + " is null");
            }
            if (map.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException(
                        "duplicate attribute key " + FieldRules.quote(key));
            }
            return this;
        }

        public Builder text(String key, String value) {
            return put(key, AttributeValue.text(value));
        }

        public Builder integer(String key, long value) {
            return put(key, AttributeValue.of(value));
        }

        public Builder bool(String key, boolean value) {
            return put(key, AttributeValue.of(value));
        }

        /** The attributes; fails on a bad key or more than 32 keys. */
        public Attributes build() {
            return ofSorted(map.keySet().toArray(new String[0]),
                    map.values().toArray(new AttributeValue[0]));
        }
    }
}
