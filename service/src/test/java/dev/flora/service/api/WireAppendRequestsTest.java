package dev.flora.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendStreamRequest;
import dev.flora.api.ledger.v1.AttributeValue;
import dev.flora.api.ledger.v1.StatusChange;
import dev.flora.ledger.entry.FieldChecks;
import dev.flora.service.append.AppendCommand;
import dev.flora.service.error.FloraException;
import dev.flora.service.rules.Authority;
import dev.flora.service.rules.AuthorityKind;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The AppendStream requests read from their wire form give what the generated parser gives:
 * the same command, or the same rejection, for every request; and messages that are not plain
 * go to the generated parser.
 */
class WireAppendRequestsTest {

    private static final Authority CALLER = new Authority("eae-chemnitz",
            AuthorityKind.RECEPTION_FACILITY, Set.of("DE-SN"));

    /** A command, or the rejection as reason and violations. */
    private static Object outcome(AppendFields fields) {
        try {
            AppendCommand command = RequestMapping.toCommand(fields, CALLER);
            return command;
        } catch (FloraException rejected) {
            return rejected.reason() + " " + rejected.violations() + " " + rejected.getMessage();
        }
    }

    private static void assertSameAsGenerated(AppendStreamRequest message) {
        byte[] bytes = message.toByteArray();
        List<WireAppendRequests.Fields> plain = WireAppendRequests.plain(bytes);
        assertNotNull(plain, "a message the generated classes wrote is plain: " + message);
        assertEquals(message.getRequestsCount(), plain.size());
        WireAppendRequests read = WireAppendRequests.read(bytes);
        for (int i = 0; i < plain.size(); i++) {
            AppendFields generated = AppendFields.of(message.getRequests(i));
            assertEquals(generated.requestId(), read.request(i).requestId());
            assertEquals(outcome(generated), outcome(plain.get(i)), message.getRequests(i).toString());
        }
    }

    private static AttributeValue text(String text) {
        return AttributeValue.newBuilder().setTextValue(text).build();
    }

    private static StatusChange.Builder registered(String caseRef) {
        return StatusChange.newBuilder().setCaseRef(caseRef).setEventType("registered")
                .setEffectiveTime(Timestamp.newBuilder().setSeconds(1_790_000_000L))
                .putAttributes("federal_state", text("DE-SN"));
    }

    private static AppendRequest request(String id, StatusChange.Builder change) {
        return AppendRequest.newBuilder().setRequestId(id).setChange(change).build();
    }

    @Test
    void validAndInvalidRequests_giveWhatTheGeneratedParserGives() {
        List<AppendRequest> requests = new ArrayList<>(List.of(
                request("req-1", registered("case-1")),
                request("req-2", registered("case-2").setEffectiveTime(
                        Timestamp.newBuilder().setSeconds(1_790_000_000L).setNanos(123_456_000))),
                request("req-3", registered("case-3")).toBuilder().setExpectedCaseRevision(0).build(),
                request("req-4", registered("case-4")).toBuilder().setExpectedCaseRevision(-1).build(),
                request("req-5", registered("case-5").setPayloadCommitment(ByteString.copyFrom(new byte[32]))),
                request("req-6", registered("case-6").setPayloadCommitment(ByteString.copyFrom(new byte[5]))),
                request("req-7", registered("case-7").setEffectiveTime(Timestamp.newBuilder().setNanos(-1))),
                request("req-8", registered("case-8").setEffectiveTime(Timestamp.newBuilder().setNanos(1_000_000_000))),
                request("req-9", registered("case-9").setEffectiveTime(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE))),
                request("req-10", registered("case-10").clearEffectiveTime()),
                request("req-11", registered("case-11").setEffectiveTime(Timestamp.getDefaultInstance())),
                request("req-12", registered("case-12").putAttributes("count", AttributeValue.newBuilder().setIntValue(-5).build())
                        .putAttributes("flag", AttributeValue.newBuilder().setBoolValue(true).build())
                        .putAttributes("off", AttributeValue.newBuilder().setBoolValue(false).build())
                        .putAttributes("zero", AttributeValue.newBuilder().setIntValue(0).build())
                        .putAttributes("empty", text(""))),
                request("req-13", registered("case-13").putAttributes("none", AttributeValue.getDefaultInstance())),
                request("req-14", registered("case-14").putAttributes("Bad Key", text("x"))),
                request("req-15", registered("case-15").putAttributes("long", text("x".repeat(5000)))),
                request("", registered("case-16")),
                request("req-17", registered("")),
                request("req-18", registered("case-18").setEventType("")),
                request("req-19", registered("case-19").setEventType("Not An Event")),
                request("x".repeat(500), registered("y".repeat(500))),
                AppendRequest.newBuilder().setRequestId("req-21").build(),
                AppendRequest.getDefaultInstance(),
                AppendRequest.newBuilder().setChange(StatusChange.getDefaultInstance()).build()));
        StatusChange.Builder most = registered("case-22");
        for (int i = 1; i < FieldChecks.maxAttributes(); i++) {
            most.putAttributes("key-" + i, text("v" + i));
        }
        requests.add(request("req-22", most));
        for (AppendRequest request : requests) {
            assertSameAsGenerated(AppendStreamRequest.newBuilder().addRequests(request).build());
        }
        assertSameAsGenerated(AppendStreamRequest.newBuilder().addAllRequests(requests).build());
        assertSameAsGenerated(AppendStreamRequest.getDefaultInstance());
    }

    @Test
    void randomRequests_giveWhatTheGeneratedParserGives() {
        Random random = new Random(7);
        String[] texts = {"", "a", "DE-SN", "DE-XX", "case-1", "registered", "decision_issued",
                "refugee_protection", "x".repeat(129), "Upper", "with space"};
        AppendStreamRequest.Builder message = AppendStreamRequest.newBuilder();
        for (int i = 0; i < 2_000; i++) {
            StatusChange.Builder change = StatusChange.newBuilder()
                    .setCaseRef(texts[random.nextInt(texts.length)])
                    .setEventType(texts[random.nextInt(texts.length)]);
            if (random.nextInt(4) > 0) {
                change.setEffectiveTime(Timestamp.newBuilder()
                        .setSeconds(random.nextInt(3) == 0 ? random.nextLong() : 1_790_000_000L + random.nextInt(1000))
                        .setNanos(random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(1000) * 1000));
            }
            for (int a = random.nextInt(4); a > 0; a--) {
                AttributeValue.Builder value = AttributeValue.newBuilder();
                switch (random.nextInt(4)) {
                    case 0 -> value.setTextValue(texts[random.nextInt(texts.length)]);
                    case 1 -> value.setIntValue(random.nextLong());
                    case 2 -> value.setBoolValue(random.nextBoolean());
                    default -> { }
                }
                change.putAttributes(texts[random.nextInt(texts.length)], value.build());
            }
            if (random.nextInt(5) == 0) {
                change.setPayloadCommitment(ByteString.copyFrom(new byte[random.nextInt(3) * 16]));
            }
            AppendRequest.Builder request = AppendRequest.newBuilder()
                    .setRequestId(random.nextInt(10) == 0 ? "" : "req-" + i);
            if (random.nextInt(10) > 0) {
                request.setChange(change);
            }
            if (random.nextInt(3) == 0) {
                request.setExpectedCaseRevision(random.nextInt(5) - 1);
            }
            message.addRequests(request);
        }
        assertSameAsGenerated(message.build());
    }

    @Test
    void nonAsciiText_unknownFields_andRepeatedFields_goToTheGeneratedParser() throws IOException {
        AppendRequest umlaut = request("req-ü", registered("case-1"));
        AppendRequest unknown = request("req-2", registered("case-2")).toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(9,
                        UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        for (AppendRequest request : List.of(umlaut, unknown)) {
            byte[] bytes = AppendStreamRequest.newBuilder().addRequests(request).build().toByteArray();
            assertNull(WireAppendRequests.plain(bytes), request.toString());
            assertEquals(request.getRequestId(), WireAppendRequests.read(bytes).request(0).requestId());
        }
        // request_id twice: the generated parser keeps the last one
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(twice);
        out.writeString(1, "first");
        out.writeString(1, "second");
        out.flush();
        byte[] message = wrap(twice.toByteArray());
        assertNull(WireAppendRequests.plain(message));
        assertEquals("second", WireAppendRequests.read(message).request(0).requestId());
        // the same attribute key twice: the generated map keeps the last value
        StatusChange first = StatusChange.newBuilder().putAttributes("k", text("one")).build();
        StatusChange second = StatusChange.newBuilder().putAttributes("k", text("two")).build();
        byte[] change = concat(registered("case-3").build().toByteArray(), first.toByteArray(),
                second.toByteArray());
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(request);
        out.writeString(1, "req-3");
        out.writeByteArray(2, change);
        out.flush();
        message = wrap(request.toByteArray());
        assertNull(WireAppendRequests.plain(message));
        AppendFields read = WireAppendRequests.read(message).request(0);
        assertEquals(2, read.attributeCount());
        assertEquals(dev.flora.ledger.entry.AttributeValue.text("two"), read.attributeValue(1));
    }

    @Test
    void moreAttributesThanAllowed_goToTheGeneratedParser_andAreRejectedThere() {
        StatusChange.Builder many = registered("case-1");
        for (int i = 0; i < FieldChecks.maxAttributes(); i++) {
            many.putAttributes("key-" + i, text("v" + i));
        }
        AppendStreamRequest message = AppendStreamRequest.newBuilder()
                .addRequests(request("req-1", many)).build();
        byte[] bytes = message.toByteArray();
        assertNull(WireAppendRequests.plain(bytes));
        Object rejected = outcome(WireAppendRequests.read(bytes).request(0));
        assertEquals(outcome(AppendFields.of(message.getRequests(0))), rejected);
        assertTrue(rejected.toString().contains("at most " + FieldChecks.maxAttributes()), rejected.toString());
    }

    @Test
    void bytesThatDoNotParse_failAsTheGeneratedParserFails() {
        byte[] message = AppendStreamRequest.newBuilder().addRequests(request("req-1", registered("case-1")))
                .build().toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(message, message.length - 3);
        assertNull(WireAppendRequests.plain(truncated));
        assertThrows(StatusRuntimeException.class, () -> WireAppendRequests.read(truncated));
    }

    private static byte[] wrap(byte[] request) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(message);
        out.writeByteArray(1, request);
        out.flush();
        return message.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
