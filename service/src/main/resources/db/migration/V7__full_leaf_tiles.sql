-- From V7 on, leaf tiles (tile_level 0) are stored only when full (256 leaf hashes, 8192 bytes),
-- written once from the leaf hashes of their entries; a partial leaf tile is read from
-- ledger_entry.leaf_hash instead (docs/ledger-format.md, section 2.2). A partial leaf tile stored
-- by an earlier version would never be completed: it goes, and is read from the entries too.
delete from merkle_tile where tile_level = 0 and length(hashes) < 8192;

-- Leaf tile `tile` as its entries give it: their leaf hashes in index order, concatenated (null
-- when it has no entry yet). The append path stores it with this once it is full; proofs read a
-- partial one with it.
create function flora_leaf_tile(tile bigint) returns bytea language sql stable as $$
  select string_agg(leaf_hash, ''::bytea order by entry_index) from ledger_entry
   where entry_index >= tile * 256 and entry_index < (tile + 1) * 256
$$;
