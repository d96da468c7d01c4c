package dev.flora.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the service process from outside: CPU time and resident memory (Pss) from /proc, the Java heap after a
 * full GC from {@code jcmd} (Linux and a JDK on the PATH; both the benchmark's machines have).
 */
final class ServiceProcess {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern META_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final long CLOCK_TICKS = 100;

    private ServiceProcess() {
    }

    /**
     * {@code key=value} pairs: the service's CPU share while it idles for {@code seconds}, its
     * VmRSS, then its heap and metaspace use after a full GC; empty when {@code pid} is 0.
     */
    static String describe(long pid, int seconds) throws InterruptedException {
        if (pid == 0) {
            return "";
        }
        long cpu0 = cpuTicks(pid);
        TimeUnit.SECONDS.sleep(seconds);
        long cpu1 = cpuTicks(pid);
        String rss = rssKb(pid);
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher h = HEAP_USED.matcher(heap);
        Matcher m = META_USED.matcher(heap);
        return String.format(Locale.ROOT, "idle_cpu_pct=%.1f rss_mb=%.0f rss_after_gc_mb=%.0f heap_used_after_gc_mb=%s"
                        + " heap_committed_mb=%s metaspace_mb=%s",
                100.0 * (cpu1 - cpu0) / CLOCK_TICKS / seconds, Long.parseLong(rss) / 1024.0,
                Long.parseLong(rssKb(pid)) / 1024.0, h.find() ? mb(h.group(2)) : "?",
                h.find(0) ? mb(h.group(1)) : "?", m.find() ? mb(m.group(1)) : "?");
    }

    private static String mb(String kb) {
        return String.format(Locale.ROOT, "%.0f", Long.parseLong(kb) / 1024.0);
    }

    /** utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The process's resident memory as Pss (each page once, however often the process maps it):
     * ZGC on JDK 17 maps its heap three times, which VmRSS counts three times.
     */
    private static String rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return line.replaceAll("\\D", "");
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read /proc/" + pid + "/smaps_rollup: " + e);
        }
        return "0";
    }

    private static String jcmd(long pid, String command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
            }
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e;
        }
    }
}
