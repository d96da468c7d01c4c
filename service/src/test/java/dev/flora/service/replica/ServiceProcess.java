package dev.flora.service.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run by {@code java -jar} as a
 * child process of the test JVM, with an environment of its own, the way an operator runs a
 * replica. Its output goes to {@code target/replica-logs/<name>-<start>.log}.
 *
 * <p>The child inherits no FLORA_* or QUARKUS_* variable of the test JVM: only what the test
 * passes counts. {@link #stop} sends SIGTERM (a graceful Quarkus shutdown); {@link #kill} also
 * ends every process the child started (an embedded PostgreSQL), so that none outlives the tests.
 */
final class ServiceProcess {

    static final Path JAR = Path.of(System.getProperty("flora.it.app-jar",
            "target/quarkus-app/quarkus-run.jar"));
    private static final Path LOGS = Path.of(System.getProperty("flora.it.log-dir",
            "target/replica-logs"));
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar on a free port with {@code env} added to a cleaned copy of this JVM's
     * environment; returns at once (see {@link #awaitReady}).
     */
    static ServiceProcess start(String name, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no packaged service at " + JAR.toAbsolutePath()
                    + ": run ./mvnw verify (failsafe runs after package)");
        }
        int port = freePort();
        try {
            Files.createDirectories(LOGS);
            Path log = nextLog(name);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("FLORA_")
                    || key.startsWith("QUARKUS_"));
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica " + name, e);
        }
    }

    private static Path nextLog(String name) {
        for (int start = 1; ; start++) {
            Path log = LOGS.resolve(name + "-" + start + ".log");
            if (!Files.exists(log)) {
                return log;
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200 with status UP.
     *
     * @throws AssertionError if the child exits or is not ready within the deadline, with the
     *         end of its log
     */
    ServiceProcess awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // the port opens late in the start; keep polling
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError(name + " not ready within " + READY_DEADLINE + "; log " + log
                + ":\n" + logTail());
    }

    /** SIGTERM, then waits for the child to exit (forcibly after the deadline). */
    void stop() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError(name + " did not stop within " + STOP_DEADLINE
                    + " after SIGTERM; log " + log);
        }
        // A graceful stop ends the embedded PostgreSQL itself; MUST NOT leave it running.
        children.forEach(ServiceProcess::awaitGone);
    }

    private static void awaitGone(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            throw new AssertionError("process " + handle.pid() + " outlived its replica", e);
        }
    }

    /** Ends the child and everything it started at once; for cleanup, never fails. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port + " (pid " + process.pid() + ", log " + log + ")";
    }
}
