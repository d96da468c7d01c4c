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
 * <p>Arguments: the .jfr file, optionally the number of rows per table (default 25) and a
 * method prefix the total table is limited to (default: all).
 */
public final class JfrHotMethods {

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: JfrHotMethods <file.jfr> [rows] [prefix]");
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String prefix = args.length > 2 ? args[2] : "";
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null
                    || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            count(threads, event.getThread("sampledThread").getJavaName());
            List<RecordedFrame> frames = stack.getFrames();
            count(self, name(frames.get(0)));
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith(prefix) && seen.add(name)) {
                    count(total, name);
                }
            }
        }
        System.out.println("execution samples: " + samples);
        print("self", self, samples, rows);
        print("total" + (prefix.isEmpty() ? "" : " (" + prefix + "*)"), total, samples, rows);
        print("threads", threads, samples, rows);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void count(Map<String, Integer> counts, String key) {
        counts.merge(key == null ? "?" : key, 1, Integer::sum);
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(e -> System.out.printf("%6.1f%% %7d  %s%n",
                        100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
    }
}
