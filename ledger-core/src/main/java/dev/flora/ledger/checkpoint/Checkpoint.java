package dev.flora.ledger.checkpoint;

import dev.flora.ledger.hash.Digest;
import java.util.Arrays;
import java.util.List;

/**
 * A tree head in the C2SP tlog-checkpoint format: the body that a log signs as a note.
 *
 * <p>The body is, in UTF-8, with every line ending in one newline (0x0A):
 * <pre>
 * origin                      the log's identity, e.g. "flora.example/ledger"
 * tree size                   ASCII decimal, no sign, no leading zeros ("0" for the empty tree)
 * root hash                   standard padded base64 of the 32-byte RFC 9162 root
 * extension line ...          zero or more opaque, non-empty lines
 * </pre>
 * No line may contain control characters; the origin and extensions MUST be non-empty. The tree
 * size is limited to {@link Long#MAX_VALUE} (the spec allows any decimal, Go uses uint64).
 *
 * @param origin the log identity, non-empty, no control characters
 * @param size the number of leaves, >= 0
 * @param rootHash the RFC 9162 Merkle tree root at {@code size}
 * @param extensions the extension lines without their newlines, each non-empty
 */
public record Checkpoint(String origin, long size, Digest rootHash, List<String> extensions) {

    public Checkpoint {
        String problem = lineProblem("origin", origin);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (rootHash == null) {
            throw new IllegalArgumentException("root hash is null");
        }
        extensions = List.copyOf(extensions);
        for (int i = 0; i < extensions.size(); i++) {
            problem = lineProblem("extension line " + (i + 1), extensions.get(i));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /** A checkpoint without extension lines. */
    public static Checkpoint of(String origin, long size, Digest rootHash) {
        return new Checkpoint(origin, size, rootHash, List.of());
    }

    /** Why {@code line} cannot be a non-empty checkpoint line, or null if it can. */
    private static String lineProblem(String what, String line) {
        if (line == null || line.isEmpty()) {
            return what + " is empty";
        }
        for (int i = 0; i < line.length(); i++) {
            if (Character.isISOControl(line.charAt(i))) {
                return String.format("%s \"%s\" has non-printable U+%04X at offset %d",
                        what, line.replace("\n", "\\n"), (int) line.charAt(i), i);
            }
        }
        int bad = NoteText.firstForbiddenChar(line);
        return bad < 0 ? null : what + " has an unpaired surrogate " + NoteText.describeChar(line, bad);
    }

    /** The checkpoint body, the exact text that is signed. */
    public String toBody() {
        StringBuilder body = new StringBuilder(origin).append('\n')
                .append(size).append('\n')
                .append(rootHash.toBase64()).append('\n');
        extensions.forEach(e -> body.append(e).append('\n'));
        return body.toString();
    }

    /**
     * Parses a checkpoint body. Every defect is a
     * {@link CheckpointException.Reason#MALFORMED_CHECKPOINT} whose message names the line and
     * the value. The body MUST come from a verified note: parsing is not verification.
     */
    public static Checkpoint parse(String body) {
        if (body == null || body.isEmpty()) {
            throw CheckpointException.malformedCheckpoint("checkpoint body is empty");
        }
        if (!body.endsWith("\n")) {
            throw CheckpointException.malformedCheckpoint(
                    "checkpoint body does not end with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw CheckpointException.malformedCheckpoint("checkpoint has " + lines.length
                    + " lines, want at least 3 (origin, tree size, root hash)");
        }
        String problem = lineProblem("origin", lines[0]);
        if (problem != null) {
            throw CheckpointException.malformedCheckpoint(problem);
        }
        long size = parseSize(lines[1]);
        Digest root = parseRoot(lines[2]);
        List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
        for (int i = 0; i < extensions.size(); i++) {
            problem = lineProblem("extension line " + (i + 1), extensions.get(i));
            if (problem != null) {
                throw CheckpointException.malformedCheckpoint(problem);
            }
        }
        return new Checkpoint(lines[0], size, root, extensions);
    }

    private static long parseSize(String line) {
        if (!line.matches("0|[1-9][0-9]*")) {
            throw CheckpointException.malformedCheckpoint("tree size \"" + line
                    + "\" is not a decimal number without sign or leading zeros");
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw CheckpointException.malformedCheckpoint("tree size " + line
                    + " exceeds the maximum " + Long.MAX_VALUE);
        }
    }

    private static Digest parseRoot(String line) {
        byte[] root = NoteText.decodeCanonicalBase64(line);
        if (root == null) {
            throw CheckpointException.malformedCheckpoint("root hash \"" + line
                    + "\" is not canonical padded base64");
        }
        if (root.length != Digest.LENGTH) {
            throw CheckpointException.malformedCheckpoint("root hash is " + root.length
                    + " bytes, want " + Digest.LENGTH);
        }
        return Digest.of(root);
    }
}
