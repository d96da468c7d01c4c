package dev.flora.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: where the samples
 * are (self), which methods are on the stack (total, each method counted once per sample), and
 * which threads ran. JDK 17 has no {@code jfr view}; this is the part of it the benchmark needs.
 *
 * <p>Arguments: the .jfr file, optionally the number of rows per table (default 25), a method
 * prefix the total table is limited to ("-" for all) and a focus: a method name (Class.method)
 * or a thread name; then only samples with that method on the stack, or of that thread, count.
 */
public final class JfrHotMethods {
    private final String prefix;
    private final String focus;
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> threads = new HashMap<>();
    private int samples;

    private JfrHotMethods(String prefix, String focus) {
        this.prefix = prefix;
        this.focus = focus;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: JfrHotMethods <file.jfr> [rows] [prefix] [focus]");
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String prefix = args.length > 2 && !args[2].equals("-") ? args[2] : "";
        JfrHotMethods summary = new JfrHotMethods(prefix, args.length > 3 ? args[3] : null);
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                summary.add(event);
            }
        }
        summary.print(rows);
    }

    private void add(RecordedEvent sample) {
        RecordedStackTrace stack = sample.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        String thread = sample.getThread("sampledThread").getJavaName();
        List<RecordedFrame> frames = stack.getFrames();
        if (focus != null && !focus.equals(thread) && frames.stream().noneMatch(f -> name(f).equals(focus))) {
            return;
        }
        samples++;
        count(threads, thread);
        count(self, name(frames.get(0)));
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith(prefix) && seen.add(name)) {
                count(total, name);
            }
        }
    }

    private void print(int rows) {
        System.out.println("execution samples: " + samples + (focus == null ? "" : " with " + focus));
        print("self", self, rows);
        print("total" + (prefix.isEmpty() ? "" : " (" + prefix + "*)"), total, rows);
        print("threads", threads, rows);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void count(Map<String, Integer> counts, String key) {
        counts.merge(key == null ? "?" : key, 1, Integer::sum);
    }

    private void print(String title, Map<String, Integer> counts, int rows) {
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(e -> System.out.printf("%6.1f%% %7d  %s%n",
                        100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
    }
}
