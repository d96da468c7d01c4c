-- Tables for bench/run-unary-messages.sh: a head row and an entry table with unique request ids,
-- shaped like ledger_head and ledger_entry (fewer columns), and the one-call form of the writes.
create table head (id int primary key, tree_size bigint, compact_range bytea,
  last_leaf_hash bytea);
insert into head values (1, 0, '\x00', '\x00');
create table entry (entry_index bigint, leaf_hash bytea, entry_bytes bytea, case_ref text,
  request_id text unique, recorded_time timestamptz);
create index on entry (entry_index);
-- The head check, then the insert, the head update and the notification, in one call.
create function append_at(expected_size bigint, leaf_hashes bytea[], entries bytea[],
    case_refs text[], request_ids text[], recorded timestamptz, compact_range bytea,
    payload text)
  returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
  size bigint;
begin
  select tree_size into size from head where id = 1 for update;
  if size <> expected_size then
    raise exception 'head moved' using errcode = 'FL001';
  end if;
  perform set_config('lock_timeout', '1s', true);
  insert into entry
    select generate_series(size, size + cardinality(leaf_hashes) - 1), unnest(leaf_hashes),
      unnest(entries), unnest(case_refs), unnest(request_ids), recorded;
  update head set tree_size = size + cardinality(leaf_hashes),
      compact_range = append_at.compact_range,
      last_leaf_hash = leaf_hashes[cardinality(leaf_hashes)]
    where id = 1;
  perform pg_notify('flora_ledger', payload);
end
$$;
