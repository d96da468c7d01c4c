package dev.flora.service.subscribe;

import dev.flora.api.ledger.v1.Entry;

/**
 * One committed entry as subscribers receive it: the proto message, built once and shared by
 * every subscriber (protobuf messages are immutable), and the fields filters look at.
 *
 * @param federalState the federal state responsible for the case after this entry
 */
public record LiveEntry(long index, String caseRef, String eventType, String federalState,
        Entry proto) {
}
