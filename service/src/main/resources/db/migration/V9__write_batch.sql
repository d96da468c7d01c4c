-- The writes of an append batch in one function, so that a batch sends one statement for them
-- instead of one per write. The reactive client ends every statement with a Sync, and PostgreSQL
-- answers and flushes each Sync on its own: with one append per transaction (unary appends) that
-- cost more than the writes. A unary append cost PostgreSQL 375-421 µs of CPU as nine statements
-- in two round trips and 287-311 µs as one call of this function, the service 604-643 µs and
-- 451-515 µs (alternating runs; docs/benchmarks.md, session 9). pgbench at 1,000 one-append
-- transactions/s (bench/run-unary-messages.sh): 501-554 µs per transaction with a Sync after
-- every statement, 239-277 µs for the same statements with one Sync per round trip, 272-281 µs
-- as one call. The statements are written out in this one body, not called as functions of
-- their own: each nested call cost PostgreSQL 16-24 µs (pg_stat_statements, track = all).
--
-- What it does, in this order, each part only when its arguments are given:
-- 1. With expected_size (and expected_last_leaf_hash): locks the head row and checks that it is
--    at that size with that last leaf hash, like flora_lock_head_at (V6), raising SQLSTATE FL001
--    otherwise. So one call, run as a transaction of its own, writes a batch planned on a head
--    the service knows (its own last batch). With null, the caller holds the head lock already,
--    or will take it before it finishes the batch.
-- 2. With leaf_hashes: inserts the entries. They are contiguous from first_index and share one
--    recorded time; the arrays hold one element per entry, in index order (columns of
--    ledger_entry, V1-V5). They are unnested in the select list (one ProjectSet node: they
--    advance in step), not in FROM (a FunctionScan per array, each copied into a tuplestore).
-- 3. With new_tree_size: finishes the batch under the head lock, after its entries are in: the
--    leaf tile its first entries complete (fill_leaf_tile, or null: made from the leaf hashes in
--    ledger_entry, V7), the other tile changes (full leaf tiles, and hashes appended to tiles of
--    level 1 and up; one element per tile), the head advanced, and a notification on channel
--    flora_ledger with notify_payload ("{replica} {tree size}"), delivered on COMMIT.
--
-- Every lock wait ends after a second (SQLSTATE 55P03). The insert may wait for another
-- transaction's uncommitted row with the same request id or case revision: such a wait ends
-- within milliseconds when that transaction commits, so a longer one is part of a cycle of waits
-- PostgreSQL cannot see (a batch planned ahead waits in the service for the batch before it),
-- and the batch gives way; a head held longer than a second is written the careful way.
--
-- The statements are planned once per connection (plan_cache_mode, for the call only; the
-- connections plan every other statement with its parameters): their plans do not depend on the
-- parameters, and planning the insert with 1,000 rows of parameters cost ~0.34 ms per batch.
create function flora_write_batch(expected_size bigint, expected_last_leaf_hash bytea,
    first_index bigint, recorded timestamptz, leaf_hashes bytea[], entries bytea[],
    case_refs text[], event_types text[], authorities text[], request_ids text[],
    federal_states text[], case_revisions bigint[], stages text[], decision_outcomes text[],
    fill_leaf_tile bigint, tile_levels int[], tile_indexes bigint[], tile_hashes bytea[],
    new_tree_size bigint, new_compact_range bytea, new_last_leaf_hash bytea,
    notify_payload text)
  returns void language plpgsql
  set plan_cache_mode = force_generic_plan set lock_timeout = '1s' as $$
declare
  head_size bigint;
  head_last_leaf_hash bytea;
begin
  if expected_size is not null then
    select tree_size, last_leaf_hash into head_size, head_last_leaf_hash
      from ledger_head where id = 1 for update;
    if head_size <> expected_size or head_last_leaf_hash <> expected_last_leaf_hash then
      raise exception 'the ledger head is at size %, not at size % with the expected last leaf hash',
        head_size, expected_size using errcode = 'FL001';
    end if;
  end if;
  if leaf_hashes is not null then
    insert into ledger_entry (entry_index, leaf_hash, entry_bytes, case_ref, event_type,
        authority_id, request_id, federal_state, recorded_time, case_revision, stage,
        decision_outcome)
      select generate_series(first_index, first_index + cardinality(leaf_hashes) - 1),
        unnest(leaf_hashes), unnest(entries), unnest(case_refs), unnest(event_types),
        unnest(authorities), unnest(request_ids), unnest(federal_states), recorded,
        unnest(case_revisions), unnest(stages), unnest(decision_outcomes);
  end if;
  if new_tree_size is not null then
    if fill_leaf_tile is not null then
      insert into merkle_tile (tile_level, tile_index, hashes)
        values (0, fill_leaf_tile, flora_leaf_tile(fill_leaf_tile));
    end if;
    if cardinality(tile_levels) > 0 then
      insert into merkle_tile (tile_level, tile_index, hashes)
        select * from unnest(tile_levels, tile_indexes, tile_hashes)
        on conflict (tile_level, tile_index)
        do update set hashes = merkle_tile.hashes || excluded.hashes;
    end if;
    update ledger_head set tree_size = new_tree_size, compact_range = new_compact_range,
        last_leaf_hash = new_last_leaf_hash
      where id = 1;
    perform pg_notify('flora_ledger', notify_payload);
  end if;
end
$$;
