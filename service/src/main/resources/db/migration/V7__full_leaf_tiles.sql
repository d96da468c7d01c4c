-- From V7 on, leaf tiles (tile_level 0) are stored only when full (256 leaf hashes, 8192 bytes),
-- written once from the leaf hashes of their entries; a partial leaf tile is read from
-- ledger_entry.leaf_hash instead (docs/ledger-format.md, section 2.2). A partial leaf tile stored
-- by an earlier version would never be completed: it goes, and is read from the entries too.
delete from merkle_tile where tile_level = 0 and length(hashes) < 8192;
