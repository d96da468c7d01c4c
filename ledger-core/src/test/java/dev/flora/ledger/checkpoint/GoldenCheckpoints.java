package dev.flora.ledger.checkpoint;

import dev.flora.ledger.checkpoint.CheckpointException.Reason;
import dev.flora.ledger.hash.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden checkpoint notes under {@code src/test/resources/checkpoints/}: one valid
 * note and tampered variants, each with its description and expected failure in README.md.
 *
 * <p>Deterministic: the keys come from fixed seeds and Ed25519 signatures are deterministic, so
 * running it again MUST produce the same bytes ({@link GoldenCheckpointsTest} checks that).
 * Regenerate from the repository root after {@code ./mvnw -o -pl ledger-core test-compile}:
 * <pre>
 * java -cp ledger-core/target/classes:ledger-core/target/test-classes \
 *     dev.flora.ledger.checkpoint.GoldenCheckpoints ledger-core/src/test/resources/checkpoints
 * </pre>
 */
public final class GoldenCheckpoints {

    static final String ORIGIN = KnownAnswerTest.NAME;
    /** The log's key: RFC 8032 section 7.1 TEST 1. */
    static final NoteSigner LOG = NoteSigner.fromSeed(ORIGIN, KnownAnswerTest.RFC8032_SEED);
    /** Same name as the log key, another key (seed 32 x 0x01), so another key id. */
    static final NoteSigner OTHER = NoteSigner.fromSeed(ORIGIN, filled((byte) 1));
    /** A witness that cosigns; unknown to a verifier that trusts only the log. */
    static final NoteSigner WITNESS = NoteSigner.fromSeed("witness.example/w1", filled((byte) 2));

    /**
     * One row of the table: verify {@code file} with {@code vkey} expecting {@code origin}; the
     * result is {@code expected} (null: the checkpoint verifies).
     */
    record Case(String file, String description, Reason expected, String vkey, String origin) {
    }

    private GoldenCheckpoints() {
    }

    private static byte[] filled(byte b) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, b);
        return seed;
    }

    static Checkpoint valid() {
        return Checkpoint.of(ORIGIN, 2, Digest.ofHex(KnownAnswerTest.ROOT_HEX));
    }

    /** File name to note text, in table order. */
    static Map<String, String> files() {
        String body = valid().toBody();
        String note = LOG.sign(body).format();
        String sigLine = note.substring(note.indexOf('\u2014'));
        byte[] root = valid().rootHash().toByteArray();
        root[0] ^= 1;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("valid.txt", note);
        f.put("valid_with_witness_cosignature.txt",
                LOG.sign(body).withSignature(WITNESS.signature(body)).format());
        f.put("error_altered_size.txt", note.replace("\n2\n", "\n3\n"));
        f.put("error_altered_root.txt", note.replace(valid().rootHash().toBase64(),
                Base64.getEncoder().encodeToString(root)));
        f.put("error_altered_origin.txt", note.replaceFirst("test\n", "tesT\n"));
        f.put("error_extra_body_line.txt", body + "extra\n\n" + sigLine);
        f.put("error_flipped_signature_bit.txt", flipLastSignatureByte(note));
        f.put("error_signed_by_other_key.txt", OTHER.sign(body).format());
        f.put("error_truncated_signature.txt", note.substring(0, note.length() - 5) + "\n");
        f.put("error_signature_line_without_em_dash.txt", note.replace("\u2014 ", "- "));
        f.put("error_missing_blank_line.txt", body + sigLine);
        f.put("error_body_line_without_newline.txt", body + "extra\n" + sigLine);
        f.put("error_other_origin.txt",
                LOG.sign(Checkpoint.of("flora.example/staging", 2, valid().rootHash()).toBody())
                        .format());
        f.put("error_malformed_checkpoint.txt", LOG.sign(body.replace("\n2\n", "\n02\n")).format());
        return f;
    }

    private static String flipLastSignatureByte(String note) {
        int start = note.lastIndexOf(' ') + 1;
        byte[] blob = Base64.getDecoder().decode(note.substring(start, note.length() - 1));
        blob[blob.length - 1] ^= 0x01;
        return note.substring(0, start) + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    static List<Case> cases() {
        String log = LOG.verifierKey();
        return List.of(
            new Case("valid.txt", "checkpoint signed by the log key", null, log, ORIGIN),
            new Case("valid_with_witness_cosignature.txt",
                "log signature plus a cosignature by a key the verifier does not know (ignored)",
                null, log, ORIGIN),
            new Case("error_altered_size.txt", "tree size changed from 2 to 3 after signing",
                Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_altered_root.txt", "first root hash byte flipped after signing",
                Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_altered_origin.txt", "origin changed (last letter upper case) after"
                + " signing", Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_extra_body_line.txt", "well-formed extension line added after signing",
                Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_flipped_signature_bit.txt", "lowest bit of the last signature byte"
                + " flipped", Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_signed_by_other_key.txt", "same key name, another key (other key id)",
                Reason.UNKNOWN_KEY, log, ORIGIN),
            new Case("error_truncated_signature.txt", "last base64 group of the signature removed"
                + " (62 signature bytes)", Reason.BAD_SIGNATURE, log, ORIGIN),
            new Case("error_signature_line_without_em_dash.txt", "signature line starts with"
                + " '-' instead of U+2014", Reason.MALFORMED_NOTE, log, ORIGIN),
            new Case("error_missing_blank_line.txt", "no blank line between body and signature",
                Reason.MALFORMED_NOTE, log, ORIGIN),
            new Case("error_body_line_without_newline.txt", "extra body line whose newline is"
                + " missing, so no blank line remains", Reason.MALFORMED_NOTE, log, ORIGIN),
            new Case("error_other_origin.txt", "validly signed checkpoint of another origin",
                Reason.WRONG_ORIGIN, log, ORIGIN),
            new Case("valid.txt", "valid note, but the verifier expects another origin",
                Reason.WRONG_ORIGIN, log, "flora.example/prod"),
            new Case("valid.txt", "valid note, but the verifier trusts another key of the same"
                + " name", Reason.UNKNOWN_KEY, OTHER.verifierKey(), ORIGIN),
            new Case("valid.txt", "valid note, but the verifier trusts only the witness key",
                Reason.UNKNOWN_KEY, WITNESS.verifierKey(), ORIGIN),
            new Case("error_malformed_checkpoint.txt", "validly signed body whose tree size has a"
                + " leading zero", Reason.MALFORMED_CHECKPOINT, log, ORIGIN));
    }

    /** The README.md of the directory: the table of cases. */
    static String readme() {
        StringBuilder md = new StringBuilder("# Golden checkpoint notes\n\n")
            .append("Generated by `dev.flora.ledger.checkpoint.GoldenCheckpoints` (test scope);")
            .append(" do not edit by hand.\nKeys: log `").append(LOG.verifierKey())
            .append("` (RFC 8032 TEST 1 seed),\nother `").append(OTHER.verifierKey())
            .append("` (seed 32 x 0x01),\nwitness `").append(WITNESS.verifierKey())
            .append("` (seed 32 x 0x02).\n\n")
            .append("| file | verifier key | expected origin | result | description |\n")
            .append("|---|---|---|---|---|\n");
        for (Case c : cases()) {
            md.append("| ").append(c.file()).append(" | ").append(c.vkey().split("\\+")[0])
                .append("+").append(c.vkey().split("\\+")[1]).append(" | ").append(c.origin())
                .append(" | ").append(c.expected() == null ? "OK" : c.expected().name())
                .append(" | ").append(c.description()).append(" |\n");
        }
        return md.toString();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "ledger-core/src/test/resources/checkpoints");
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("README.md"), readme(), StandardCharsets.UTF_8);
        System.out.println("wrote " + (files().size() + 1) + " files to " + dir);
    }
}
