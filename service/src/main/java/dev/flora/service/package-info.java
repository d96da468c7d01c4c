/** The Flora Quarkus service: gRPC endpoints over the ledger core and PostgreSQL. */
package dev.flora.service;
