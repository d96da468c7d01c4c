-- Every revision of a case exists once. The append path relies on it: it writes a case's first
-- entry (revision 1) without first reading whether the case exists, and an entry planned from a
-- cached case state without re-reading it; a case that does exist, or a revision another replica
-- wrote meanwhile, makes the insert fail on this index, and the batch is written again with every
-- case read. The index replaces ledger_entry_case (case_ref, entry_index): within a case,
-- revision order is index order, so it serves the same reads.
create unique index ledger_entry_case_revision on ledger_entry (case_ref, case_revision);
drop index ledger_entry_case;

create or replace view case_state as
  select distinct on (case_ref)
         case_ref, federal_state, stage, decision_outcome,
         case_revision as revision, entry_index as last_index
    from ledger_entry
   order by case_ref, case_revision desc;
