-- One pgbench transaction: 100 rows shaped like a service append (a "registered" entry of a new
-- case, ~200 bytes of entry_bytes plus a 32-byte leaf hash), inserted by one statement.
insert into pgbench_scratch.ledger_entry (entry_index, leaf_hash, entry_bytes, case_ref,
    event_type, authority_id, request_id, federal_state, recorded_time, case_revision, stage,
    decision_outcome)
select i, sha256(int8send(i)), decode(repeat(md5(i::text), 12), 'hex'),
    'pgbench-case-' || i, 'registered', 'eae-chemnitz', 'pgbench-req-' || i, 'DE-SN', now(), 1, 'registered', ''
from (select nextval('pgbench_scratch.entry_index_seq') as i from generate_series(1, 100)) s;
