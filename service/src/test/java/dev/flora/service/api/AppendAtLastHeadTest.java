package dev.flora.service.api;

import static dev.flora.service.api.LedgerClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flora.api.ledger.v1.AppendRequest;
import dev.flora.api.ledger.v1.AppendResponse;
import dev.flora.service.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With nothing else in flight, an append is written on the head this replica's last batch left,
 * in one statement that takes the head lock itself (BatchWriter's "at last head" path, migration
 * V9), not after a separate BEGIN and head lock: a unary append is one round trip.
 */
@QuarkusTest
@Timeout(60)
class AppendAtLastHeadTest extends GrpcTestBase {

    @Test
    void anAppendAfterAnother_isOneStatementThatLocksTheHead() throws Exception {
        client.as("eae-chemnitz").append(appendRequest());
        try (Connection holder = PostgresResource.connect()) {
            holder.setAutoCommit(false);
            long size;
            try (Statement statement = holder.createStatement();
                    ResultSet head = statement.executeQuery(
                            "select tree_size from ledger_head for update")) {
                head.next();
                size = head.getLong(1);
            }
            CompletableFuture<AppendResponse> next = CompletableFuture.supplyAsync(
                    () -> client.as("eae-chemnitz").append(appendRequest()));
            // It waits for the head inside the one statement that writes it, outside any
            // transaction block of its own.
            PostgresResource.awaitLockWaits("select flora_write_batch(%", 1);
            holder.rollback();
            assertEquals(size, next.get(30, TimeUnit.SECONDS).getIndex());
        }
    }

    private static AppendRequest appendRequest() {
        return request("c-" + UUID.randomUUID(), "registered", Map.of("federal_state", "DE-SN"));
    }
}
