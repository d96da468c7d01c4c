/**
 * The service's PostgreSQL: which server to use (given, or embedded for development), starting and
 * stopping the embedded one. The schema lives in {@code db/migration} (Flyway, run at start).
 */
package dev.flora.service.db;
