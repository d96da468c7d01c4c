-- The ledger's tables. The append path (reactive PostgreSQL client) writes them; nothing else
-- updates or deletes a committed row. Byte formats are those of ledger-core and docs/ledger-format.md.

create table ledger_head (           -- exactly one row; every append batch locks it FOR UPDATE
  id            smallint primary key check (id = 1),  -- always 1: the single head row
  tree_size     bigint not null,      -- number of entries committed
  compact_range bytea  not null,      -- ledger-core CompactRange.toBytes() of the tree
  last_leaf_hash bytea not null       -- leaf hash of entry tree_size - 1 (32 zero bytes when
                                      -- empty): the next entry's previous hash
    check (length(last_leaf_hash) = 32)
);
insert into ledger_head (id, tree_size, compact_range, last_leaf_hash)
  values (1, 0, '\x0000000000000000', decode(repeat('00', 32), 'hex'));

create table ledger_entry (
  entry_index   bigint primary key,   -- position in the one global order, 0, 1, 2, ...
  leaf_hash     bytea not null        -- 32 bytes, SHA-256(0x00 || entry_bytes)
    check (length(leaf_hash) = 32),
  entry_bytes   bytea not null,       -- canonical encoding (docs/ledger-format.md)
  case_ref      text not null,        -- pseudonymous case reference (no personal data)
  event_type    text not null,        -- event type from the catalogue, e.g. decision issued
  authority_id  text not null,        -- issuing authority, e.g. bamf-dresden
  request_id    text not null,        -- the client's idempotency key, unique per authority
  federal_state text not null,        -- state responsible for the case after this entry
  recorded_time timestamptz not null, -- when the ledger committed the entry
  case_revision bigint not null,      -- the case's revision after this entry (1 for its first),
                                      -- returned again to an idempotent retry
  unique (authority_id, request_id)   -- idempotency key
);
create index ledger_entry_case on ledger_entry (case_ref, entry_index);

create table merkle_tile (            -- C2SP tlog-tiles layout, height 8
  tile_level int    not null,         -- tile level: 0 holds leaf hashes, level L covers 256^L leaves per hash
  tile_index bigint not null,         -- index of the tile within its level
  hashes     bytea  not null,         -- concatenated 32-byte hashes, at most 256
  primary key (tile_level, tile_index)
);

create table checkpoint (
  tree_size    bigint primary key,                   -- number of entries the checkpoint covers
  root_hash    bytea not null,                       -- 32-byte RFC 9162 root of the first tree_size entries
  signed_note  text  not null,                       -- C2SP signed note
  created_time timestamptz not null default now()    -- when the service signed it
);
