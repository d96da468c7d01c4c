-- Durable subscriptions: the server keeps each one's position, so an authority's system can
-- reconnect (or the service restart) and continue after its last acknowledgement.
create table durable_subscription (
  authority_id       text   not null references authority,  -- the owner; names are per owner
  name               text   not null check (name ~ '^[a-z0-9_-]{1,64}$'),
  acknowledged_index bigint not null check (acknowledged_index >= -1),  -- -1: nothing yet
  event_types        text[] not null default '{}',            -- the stored filter ({} = all)
  case_refs          text[] not null default '{}',
  federal_states     text[] not null default '{}',
  created_time       timestamptz not null default now(),
  updated_time       timestamptz not null default now(),
  primary key (authority_id, name)
);
