package dev.flora.service.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.api.ledger.v1.AppendResult;
import dev.flora.api.ledger.v1.AppendStreamResponse;
import dev.flora.ledger.hash.Digest;
import dev.flora.service.error.FloraException;
import dev.flora.service.error.GrpcErrors;
import dev.flora.service.error.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedAppendStreamResponseTest {

    private static final List<String> REQUEST_IDS = List.of("req-1", "", "ü-ï", "emoji-\uD83D\uDE00",
            "x".repeat(128));
    private static final List<Long> NUMBERS = List.of(0L, 1L, 127L, 128L, 16_383L, 16_384L,
            1_000_000_000_000L, Long.MAX_VALUE);
    private static final List<Instant> TIMES = List.of(Instant.EPOCH,
            Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(1_790_000_000L),
            Instant.parse("2026-11-27T13:45:01.123456Z"), Instant.ofEpochSecond(-1, 999_999_000));

    private static dev.flora.service.append.AppendResult appended(int i) {
        byte[] hash = new byte[Digest.LENGTH];
        Arrays.fill(hash, (byte) (i * 7));
        return new dev.flora.service.append.AppendResult(NUMBERS.get(i % NUMBERS.size()),
                Digest.of(hash), TIMES.get(i % TIMES.size()),
                NUMBERS.get((i / NUMBERS.size() + i) % NUMBERS.size()));
    }

    /** The same results built with the generated classes, as the endpoint built them before. */
    private static AppendStreamResponse generated(List<String> ids, List<Object> outcomes) {
        AppendStreamResponse.Builder response = AppendStreamResponse.newBuilder();
        for (int i = 0; i < ids.size(); i++) {
            AppendResult.Builder result = AppendResult.newBuilder().setRequestId(ids.get(i));
            if (outcomes.get(i) instanceof dev.flora.service.append.AppendResult r) {
                result.setAppended(ResponseMapping.toProto(r));
            } else {
                result.setError(GrpcErrors.toRpcStatus((Throwable) outcomes.get(i)));
            }
            response.addResults(result);
        }
        return response.build();
    }

    private static byte[] encoded(List<String> ids, List<Object> outcomes) {
        EncodedAppendStreamResponse.Builder builder =
                new EncodedAppendStreamResponse.Builder(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            builder.add(ids.get(i), outcomes.get(i));
        }
        return builder.build().toByteArray();
    }

    @Test
    void everyResult_isByteForByteWhatTheGeneratedClassesWrite() {
        int cases = NUMBERS.size() * NUMBERS.size() * TIMES.size();
        for (int i = 0; i < cases; i++) {
            List<String> ids = List.of(REQUEST_IDS.get(i % REQUEST_IDS.size()));
            List<Object> outcomes = List.of(appended(i));
            assertArrayEquals(generated(ids, outcomes).toByteArray(), encoded(ids, outcomes),
                    "result " + i + ": " + outcomes);
        }
    }

    @Test
    void aMessageOfCommittedAndFailedAppends_isWhatTheGeneratedClassesWrite() {
        List<String> ids = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(REQUEST_IDS.get(i % REQUEST_IDS.size()) + i);
            outcomes.add(i % 97 == 3 ? FloraException.of(Reason.WRONG_EXPECTED_REVISION, "expected "
                    + i, "expected_revision", i) : appended(i));
        }
        byte[] bytes = encoded(ids, outcomes);
        assertArrayEquals(generated(ids, outcomes).toByteArray(), bytes);
        assertEquals(0, encoded(List.of(), List.of()).length, "an empty message");
    }
}
