package dev.flora.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The golden files verify as their table says, and are exactly what the generator writes. */
class GoldenCheckpointsTest {

    static Stream<GoldenCheckpoints.Case> cases() {
        return GoldenCheckpoints.cases().stream();
    }

    private static String resource(String file) {
        try (InputStream in = GoldenCheckpointsTest.class.getResourceAsStream("/checkpoints/" + file)) {
            if (in == null) {
                throw new AssertionError("missing golden file checkpoints/" + file
                        + "; run GoldenCheckpoints (see its Javadoc)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenFile_verifiesWithTheExpectedResult(GoldenCheckpoints.Case c) {
        CheckpointVerifier verifier =
                new CheckpointVerifier(NoteVerifier.parse(c.vkey()), c.origin());
        byte[] note = resource(c.file()).getBytes(StandardCharsets.UTF_8);
        if (c.expected() == null) {
            assertEquals(GoldenCheckpoints.valid(), verifier.verify(note));
        } else {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> verifier.verify(note), c.description());
            assertEquals(c.expected(), e.reason(), e.getMessage());
        }
    }

    @Test
    void goldenFiles_equalTheGeneratorOutput() {
        Map<String, String> generated = GoldenCheckpoints.files();
        generated.forEach((file, text) -> assertEquals(text, resource(file), file));
        assertEquals(GoldenCheckpoints.readme(), resource("README.md"));
    }

    @Test
    void goldenDirectory_holdsNoFileTheGeneratorDoesNotWrite() throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenCheckpointsTest.class.getResource("/checkpoints").toURI());
        Set<String> expected = new TreeSet<>(GoldenCheckpoints.files().keySet());
        expected.add("README.md");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(expected, files.map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void everyGoldenFileIsUsedByTheTable() {
        Set<String> used = GoldenCheckpoints.cases().stream().map(GoldenCheckpoints.Case::file)
                .collect(Collectors.toSet());
        assertEquals(GoldenCheckpoints.files().keySet(), used);
    }

    @Test
    void validFile_isTheOpensslDerivedKnownAnswerNote() {
        assertEquals(KnownAnswerTest.NOTE, resource("valid.txt"));
        assertNull(GoldenCheckpoints.cases().get(0).expected());
    }
}
