-- Scratch table for the PostgreSQL baseline of the service benchmark: the same columns, keys,
-- checks and indexes as ledger_entry (service V1, V4, V5, V8), in its own schema so that the
-- service's Flyway migration of schema public is not disturbed. The benchmark keeps each run's
-- table until its pairs of runs end; autovacuum leaves them alone, so that it does not work on
-- them during the service's runs that follow (the ledger's own table is vacuumed as in
-- operation).
create schema pgbench_scratch;
create table pgbench_scratch.ledger_entry (
  entry_index   bigint not null,
  leaf_hash     bytea not null check (length(leaf_hash) = 32),
  entry_bytes   bytea not null,
  case_ref      text not null,
  event_type    text not null,
  authority_id  text not null,
  request_id    text not null,
  federal_state text not null,
  recorded_time timestamptz not null,
  case_revision bigint not null,
  stage         text not null default '',
  decision_outcome text not null default '',
  unique (authority_id, request_id)
) with (autovacuum_enabled = false);
create index ledger_entry_index on pgbench_scratch.ledger_entry (entry_index);
create unique index ledger_entry_case_revision on pgbench_scratch.ledger_entry (case_ref, case_revision);
create sequence pgbench_scratch.entry_index_seq;
