-- One unary append as the service wrote it until session 8: nine statements, each sent with its
-- own Sync and, here, awaited before the next (the service pipelined them: two round trips;
-- bench/run-unary-messages.sh also sends them in two pipelines).
\set r random(1, 1000000000)
begin;
select tree_size, compact_range, last_leaf_hash from head where id = 1 for update;
set local plan_cache_mode = force_generic_plan;
set local lock_timeout = '1s';
insert into entry select generate_series(1::bigint, 1::bigint), unnest(array[sha256(int8send(:r))]), unnest(array[decode(repeat(md5(:r::text), 12), 'hex')]), unnest(array['case-' || :r]), unnest(array[:client_id || '-' || :r || '-' || random()]), now();
set local lock_timeout to default;
update head set tree_size = tree_size + 1, compact_range = '\x0102', last_leaf_hash = sha256(int8send(:r)) where id = 1;
select pg_notify('flora_ledger', 'r1 ' || :r);
commit;
