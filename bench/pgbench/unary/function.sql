-- The same unary append as one call outside a transaction block (the service since session 9):
-- one message. The expected size is read in the same statement, so the head check always holds
-- with one client.
\set r random(1, 1000000000)
select append_at((select tree_size from head), array[sha256(int8send(:r))], array[decode(repeat(md5(:r::text), 12), 'hex')], array['case-' || :r], array[:client_id || '-' || :r || '-' || random()], now(), '\x0102', 'r1 ' || :r);
