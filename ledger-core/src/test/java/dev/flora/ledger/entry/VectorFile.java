package dev.flora.ledger.entry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the vector files the way another implementation would: text lines, no Java types. */
final class VectorFile {

    /** One block: every name with its values in file order (attribute repeats). */
    record Block(Map<String, List<String>> fields) {
        String one(String name) {
            List<String> values = all(name);
            if (values.size() != 1) {
                throw new IllegalStateException(name + " appears " + values.size() + " times");
            }
            return values.get(0);
        }

        List<String> all(String name) {
            return fields.getOrDefault(name, List.of());
        }
    }

    private VectorFile() {
    }

    static String resource(String name) {
        try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vectors/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Map<String, List<String>> current = new LinkedHashMap<>();
        for (String line : (text + "\n").split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    blocks.add(new Block(current));
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalStateException("not a 'name: value' line: " + line);
            }
            current.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                    .add(line.substring(colon + 2));
        }
        return blocks;
    }

    /** Parses a JSON string literal at the start of {@code s}; returns {value, rest}. */
    static String[] jsonString(String s) {
        if (!s.startsWith("\"")) {
            throw new IllegalStateException("not a JSON string: " + s);
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (; s.charAt(i) != '"'; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return new String[] {sb.toString(), s.substring(i + 1).stripLeading()};
    }
}
