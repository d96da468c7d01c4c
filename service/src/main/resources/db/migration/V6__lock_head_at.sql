-- Locks the head row, like the FOR UPDATE read of every append batch, and then checks that it is
-- the head the caller expects; otherwise it raises SQLSTATE 'FL001' and the transaction aborts.
--
-- Why: a replica plans its next batch while the previous one is still committing, on the head
-- that batch will leave, and sends it behind this call in one round trip. The call waits for the
-- lock (the previous batch holds it until COMMIT); under READ COMMITTED, FOR UPDATE then returns
-- the row's newest version. If the previous batch rolled back, or another replica appended in
-- between, the head differs, nothing of the batch is written, and the replica writes the batch
-- again on the head it reads. tree_size and last_leaf_hash together name a head: the last leaf
-- hash covers its entry's bytes, which include the entry's unique request id.
-- (The check is not in the WHERE clause: a row whose current version fails the WHERE clause is
-- not locked at all, so the call would not wait for the previous batch.)
create function flora_lock_head_at(expected_size bigint, expected_last_leaf_hash bytea)
  returns void language plpgsql as $$
declare
  head_size bigint;
  head_last_leaf_hash bytea;
begin
  select tree_size, last_leaf_hash into head_size, head_last_leaf_hash
    from ledger_head where id = 1 for update;
  if head_size <> expected_size or head_last_leaf_hash <> expected_last_leaf_hash then
    raise exception 'the ledger head is at size %, not at size % with the expected last leaf hash',
      head_size, expected_size using errcode = 'FL001';
  end if;
end
$$;
