package dev.flora.service.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flora.service.subscribe.Subscriptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber whose TCP connection simply closes (a crashed client, a dropped network path)
 * sends no RST_STREAM CANCEL; its stream MUST still be closed and stop being counted.
 */
@QuarkusTest
class ClientGoneTest extends GrpcTestBase {

    @Inject
    Subscriptions subscriptions;

    @Test
    @Timeout(60)
    void aStreamWhoseConnectionCloses_withoutCancel_isClosed() throws Exception {
        int before = subscriptions.open();
        try (Forwarder forwarder = new Forwarder(url.getPort())) {
            ManagedChannel viaForwarder = ManagedChannelBuilder
                    .forAddress("localhost", forwarder.port()).usePlaintext().build();
            try {
                TestSubscriber subscriber = TestSubscriber.open(viaForwarder, "bamf-nuernberg",
                        FlowControlTest.fromNow());
                assertTrue(subscriber.next(FlowControlTest.WAIT).hasCaughtUp());
                awaitOpen(before + 1);
                forwarder.dropConnections();
                awaitOpen(before);
            } finally {
                viaForwarder.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until {@code n} streams are open; the test's timeout interrupts it. */
    private void awaitOpen(int n) throws InterruptedException {
        while (subscriptions.open() != n) {
            if (Thread.interrupted()) {
                throw new InterruptedException("open streams " + subscriptions.open()
                        + ", want " + n);
            }
            Thread.yield();
        }
    }

    /** A TCP forwarder to the service whose connections the test can cut without a word. */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Forwarder(int target) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        Socket service = new Socket("localhost", target);
                        sockets.add(client);
                        sockets.add(service);
                        pump(client, service);
                        pump(service, client);
                    }
                } catch (IOException closed) {
                    // the forwarder was closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(Socket from, Socket to) {
            Thread pump = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException dropped) {
                    // one side was cut
                }
            });
            pump.setDaemon(true);
            pump.start();
        }

        /** Closes every forwarded connection at the TCP level: the service sees a plain close. */
        void dropConnections() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropConnections();
        }
    }
}
