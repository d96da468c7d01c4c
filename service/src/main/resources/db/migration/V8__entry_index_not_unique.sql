-- A batch planned ahead inserts its entries before it holds the ledger head, in parallel with the
-- batches ahead of it, and checks the head afterwards (flora_lock_head_at, V6). With a unique
-- index on entry_index, a batch of another replica that holds the head and inserts at the same
-- indexes would wait for those uncommitted entries while their batch waits for the head: a
-- deadlock. So entry_index gets an ordinary index. Its uniqueness comes from the head row: every
-- transaction that inserts entries holds the head lock when it commits, has found the head at its
-- first index, and advances it past its last, so the entries of committed transactions never
-- share an index (and a gap or duplicate would break the hash chain every verifier checks).
alter table ledger_entry drop constraint ledger_entry_pkey;
create index ledger_entry_index on ledger_entry (entry_index);
