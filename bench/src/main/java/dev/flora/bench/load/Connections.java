package dev.flora.bench.load;

import dev.flora.api.ledger.v1.LedgerServiceGrpc;
import dev.flora.api.ledger.v1.LedgerServiceGrpc.LedgerServiceStub;
import dev.flora.api.ledger.v1.StartPosition;
import dev.flora.api.ledger.v1.SubscribeRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's gRPC connections to one service, each acting as one authority (dev-metadata
 * auth: {@code x-flora-authority}); closes them all at the end.
 */
final class Connections implements AutoCloseable {
    /** Serves all 16 states, so it sees every entry. */
    static final String READER = "bamf-nuernberg";
    /** The appending authority of the load generator: registered entries in DE-SN. */
    static final String WRITER = "eae-chemnitz";

    private static final Metadata.Key<String> AUTHORITY =
            Metadata.Key.of("x-flora-authority", Metadata.ASCII_STRING_MARSHALLER);

    private final String host;
    private final int port;
    private final List<ManagedChannel> opened = new ArrayList<>();

    Connections(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A new TCP connection whose calls act as {@code authority}. */
    Channel open(String authority) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .directExecutor().maxInboundMessageSize(64 << 20).build();
        opened.add(channel);
        Metadata headers = new Metadata();
        headers.put(AUTHORITY, authority);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** {@code count} append stubs over {@code count} new connections of the writer. */
    List<LedgerServiceStub> appenders(int count) {
        List<LedgerServiceStub> stubs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stubs.add(LedgerServiceGrpc.newStub(open(WRITER)));
        }
        return stubs;
    }

    /** Starts a subscription on {@code channel}; cancel the returned call to end it. */
    static ClientCall<SubscribeRequest, Delivery> subscribe(Channel channel, StartPosition start,
            int maxPerMessage, Subscriber subscriber) {
        ClientCall<SubscribeRequest, Delivery> call = channel.newCall(subscriber.method(), CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(call, SubscribeRequest.newBuilder().setStart(start)
                .setMaxEntriesPerMessage(maxPerMessage).build(), subscriber);
        return call;
    }

    static StartPosition now() {
        return StartPosition.newBuilder().setNow(true).build();
    }

    static StartPosition beginning() {
        return StartPosition.newBuilder().setBeginning(true).build();
    }

    /**
     * The ledger's size: a subscription "from now" answers caught_up at once, with
     * resume_after_index = size - 1.
     */
    long ledgerSize(int timeoutSeconds) throws InterruptedException {
        Subscriber probe = new Subscriber(null);
        ClientCall<SubscribeRequest, Delivery> call = subscribe(open(READER), now(), 1, probe);
        try {
            if (!probe.caughtUp().await(timeoutSeconds, TimeUnit.SECONDS) || probe.failure() != null) {
                throw new IllegalStateException("no caught_up within " + timeoutSeconds + " s: " + probe.failure());
            }
            return probe.resumeAfter() + 1;
        } finally {
            call.cancel("probe done", null);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : opened) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : opened) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
