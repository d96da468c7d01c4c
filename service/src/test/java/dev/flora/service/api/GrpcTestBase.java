package dev.flora.service.api;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every service test needs: a real gRPC connection to the service under test (gRPC and HTTP
 * share its port), as a {@link LedgerClient} and as a raw channel for other stubs.
 */
abstract class GrpcTestBase {

    @TestHTTPResource
    URL url;

    LedgerClient client;
    ManagedChannel channel;

    @BeforeEach
    void connect() {
        client = new LedgerClient(url.getPort());
        channel = ManagedChannelBuilder.forAddress("localhost", url.getPort()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
