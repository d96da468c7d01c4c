-- What PostgreSQL's client backends of database flora are doing, sampled every 10 ms for
-- :samples samples (pg_stat_activity: state, wait event, the statement's start), then counted.
-- Used by bench/run-service-bench.sh with PG_WAIT_SAMPLES=1, beside each stream run. One sample
-- costs a read of the shared activity array; the sampling session itself is not counted.
select set_config('flora.wait_samples', :'samples', false) \gset
create temp table wait_sample (state text, wait_type text, wait_event text, statement text);
do $$
begin
  for i in 1 .. current_setting('flora.wait_samples')::int loop
    perform pg_stat_clear_snapshot();
    insert into wait_sample
      select state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-'),
             left(regexp_replace(query, '\s+', ' ', 'g'), 50)
        from pg_stat_activity
       where datname = 'flora' and backend_type = 'client backend'
         and pid <> pg_backend_pid() and state <> 'idle';
    perform pg_sleep(0.01);
  end loop;
end
$$;
select count(*) as samples, state, wait_type, wait_event, statement
  from wait_sample group by 2, 3, 4, 5 order by 1 desc limit 20;
