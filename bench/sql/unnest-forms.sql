-- PostgreSQL's cost of the row source of the service's entry INSERT (service LedgerWrites), in two
-- forms: ten arrays of 1,000 values unnested in FROM (a FunctionScan, which copies each array into
-- a tuplestore first) and in the select list (a ProjectSet, which steps through them together).
-- Rows shaped like the benchmark's appends; 200 rounds; no table is written. Prints µs per row.
--   psql -h 127.0.0.1 -p PORT -U postgres flora -f bench/sql/unnest-forms.sql
create temp table params as
select array_agg(sha256(int8send(i)) order by i) leaf,
       array_agg(decode(repeat(md5(i::text), 12), 'hex') order by i) bytes,
       array_agg('bench-run-' || i order by i) case_ref,
       array_agg('registered'::text) event_type,
       array_agg('eae-chemnitz'::text) authority,
       array_agg('req-run-' || i order by i) request_id,
       array_agg('DE-SN'::text) state,
       array_agg(1::bigint) revision,
       array_agg('registered'::text) stage,
       array_agg(''::text) outcome
  from generate_series(1, 1000) i;
do $$
declare
  p record; t0 timestamptz; s bigint;
  in_from float8 := 0; in_select_list float8 := 0;
begin
  select * into p from params;
  for k in 1 .. 200 loop
    t0 := clock_timestamp();
    select sum(length(u.leaf) + length(u.bytes) + length(u.case_ref) + length(u.event_type)
        + length(u.authority) + length(u.request_id) + length(u.federal_state) + u.revision
        + length(u.stage) + length(u.outcome) + u.n) into s
      from unnest(p.leaf, p.bytes, p.case_ref, p.event_type, p.authority, p.request_id, p.state,
                  p.revision, p.stage, p.outcome)
           with ordinality as u(leaf, bytes, case_ref, event_type, authority, request_id,
                                federal_state, revision, stage, outcome, n);
    in_from := in_from + extract(epoch from clock_timestamp() - t0);
    t0 := clock_timestamp();
    select sum(length(u.leaf) + length(u.bytes) + length(u.case_ref) + length(u.event_type)
        + length(u.authority) + length(u.request_id) + length(u.federal_state) + u.revision
        + length(u.stage) + length(u.outcome) + u.n) into s
      from (select generate_series(1, cardinality(p.leaf)) n, unnest(p.leaf) leaf,
                   unnest(p.bytes) bytes, unnest(p.case_ref) case_ref,
                   unnest(p.event_type) event_type, unnest(p.authority) authority,
                   unnest(p.request_id) request_id, unnest(p.state) federal_state,
                   unnest(p.revision) revision, unnest(p.stage) stage,
                   unnest(p.outcome) outcome) u;
    in_select_list := in_select_list + extract(epoch from clock_timestamp() - t0);
  end loop;
  raise notice 'us per row: unnest in FROM %, in the select list %',
    round((in_from * 1e6 / 200000)::numeric, 3), round((in_select_list * 1e6 / 200000)::numeric, 3);
end
$$;
