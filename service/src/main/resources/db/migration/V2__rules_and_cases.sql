-- The relational side: the authority registry, the event catalogue v1 with its rules, and the
-- case projection. Rules are data: a new catalogue version is a new migration, not new code.

create table authority (
  id             text primary key check (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(id) <= 64),
  kind           text not null check (kind in ('BAMF_BRANCH_OFFICE', 'STATE_DIRECTORATE',
                                               'RECEPTION_FACILITY', 'IMMIGRATION_AUTHORITY')),
  federal_states text[] not null check (cardinality(federal_states) > 0),
  display_name   text not null default ''
);

-- One row per event type of a catalogue version.
--   issuer_kinds:     authority kinds that may issue it
--   allowed_from:     case stages it may follow ('new' = first entry of a case, 'any' = any
--                     existing case); a stage is the event type of the case's last
--                     stage-changing entry
--   changes_stage:    whether the case's stage becomes this event type
--   required_outcome: decision outcomes the case must have (empty = no requirement)
create table event_rule (
  catalogue_version int    not null,
  event_type        text   not null,
  issuer_kinds      text[] not null,
  allowed_from      text[] not null,
  changes_stage     boolean not null,
  required_outcome  text[] not null default '{}',
  description       text   not null,
  primary key (catalogue_version, event_type)
);

-- The attributes an event type takes.
--   value_type:     TEXT, INT, BOOL or FEDERAL_STATE (an ISO 3166-2 code such as DE-SN)
--   allowed_values: closed set for TEXT values (empty = any text)
--   effect:         NONE, SETS_FEDERAL_STATE, SETS_DECISION_OUTCOME or REFERENCES_ENTRY
create table attribute_rule (
  catalogue_version int     not null,
  event_type        text    not null,
  attribute_key     text    not null,
  value_type        text    not null check (value_type in ('TEXT', 'INT', 'BOOL', 'FEDERAL_STATE')),
  required          boolean not null,
  allowed_values    text[]  not null default '{}',
  effect            text    not null default 'NONE'
                    check (effect in ('NONE', 'SETS_FEDERAL_STATE', 'SETS_DECISION_OUTCOME',
                                      'REFERENCES_ENTRY')),
  primary key (catalogue_version, event_type, attribute_key),
  foreign key (catalogue_version, event_type) references event_rule
);

-- Catalogue v1, grounded in the German asylum procedure.
insert into event_rule values
  (1, 'registered', '{RECEPTION_FACILITY,BAMF_BRANCH_OFFICE}', '{new}', true, '{}',
   'Registered on arrival; names the federal state that registered the person'),
  (1, 'distributed', '{RECEPTION_FACILITY,STATE_DIRECTORATE}', '{registered}', true, '{}',
   'Distributed to a federal state (EASY); the receiving state becomes responsible'),
  (1, 'application_filed', '{BAMF_BRANCH_OFFICE}', '{registered,distributed}', true, '{}',
   'Asylum application filed with the BAMF'),
  (1, 'hearing_scheduled', '{BAMF_BRANCH_OFFICE}',
   '{application_filed,hearing_scheduled,dublin_procedure_started}', true, '{}',
   'Personal hearing scheduled (or rescheduled)'),
  (1, 'hearing_held', '{BAMF_BRANCH_OFFICE}', '{hearing_scheduled}', true, '{}',
   'Personal hearing held'),
  (1, 'dublin_procedure_started', '{BAMF_BRANCH_OFFICE}',
   '{application_filed,hearing_scheduled,hearing_held}', true, '{}',
   'Dublin procedure started: another member state may be responsible'),
  (1, 'decision_issued', '{BAMF_BRANCH_OFFICE}',
   '{application_filed,hearing_held,dublin_procedure_started}', true, '{}',
   'Decision issued by the BAMF, with its outcome'),
  (1, 'decision_contested', '{BAMF_BRANCH_OFFICE,IMMIGRATION_AUTHORITY}', '{decision_issued}',
   true, '{}', 'Decision contested before a court'),
  (1, 'decision_final', '{BAMF_BRANCH_OFFICE}', '{decision_issued,decision_contested}', true,
   '{}', 'Decision became final'),
  (1, 'residence_permit_issued', '{IMMIGRATION_AUTHORITY}', '{decision_issued,decision_final}',
   true, '{asylum_granted,refugee_protection,subsidiary_protection,deportation_ban}',
   'Residence permit issued; needs a positive decision'),
  (1, 'toleration_issued', '{IMMIGRATION_AUTHORITY}', '{decision_final}', true,
   '{rejected,rejected_manifestly_unfounded,inadmissible,procedure_discontinued}',
   'Toleration (Duldung) issued after a final negative decision'),
  (1, 'relocated_to_municipality', '{STATE_DIRECTORATE,RECEPTION_FACILITY}',
   '{distributed,application_filed,hearing_scheduled,hearing_held,dublin_procedure_started,decision_issued,decision_contested,decision_final,residence_permit_issued,toleration_issued,relocated_to_municipality}',
   true, '{}', 'Relocated from a reception facility to a municipality'),
  (1, 'transferred', '{STATE_DIRECTORATE,IMMIGRATION_AUTHORITY,BAMF_BRANCH_OFFICE}', '{any}', true,
   '{}', 'Transferred to another state or authority, or departed'),
  (1, 'application_withdrawn', '{BAMF_BRANCH_OFFICE}',
   '{application_filed,hearing_scheduled,hearing_held,dublin_procedure_started}', true, '{}',
   'Application withdrawn'),
  (1, 'correction', '{BAMF_BRANCH_OFFICE,STATE_DIRECTORATE,RECEPTION_FACILITY,IMMIGRATION_AUTHORITY}',
   '{any}', false, '{}',
   'Supersedes an earlier entry of the same case (the ledger is append-only)'),
  (1, 'erasure', '{BAMF_BRANCH_OFFICE,STATE_DIRECTORATE,RECEPTION_FACILITY,IMMIGRATION_AUTHORITY}',
   '{any}', false, '{}',
   'Records that the off-ledger payload of an earlier entry of the same case was destroyed');

insert into attribute_rule values
  (1, 'registered', 'federal_state', 'FEDERAL_STATE', true, '{}', 'SETS_FEDERAL_STATE'),
  (1, 'distributed', 'receiving_state', 'FEDERAL_STATE', true, '{}', 'SETS_FEDERAL_STATE'),
  (1, 'decision_issued', 'outcome', 'TEXT', true,
   '{asylum_granted,refugee_protection,subsidiary_protection,deportation_ban,rejected,rejected_manifestly_unfounded,inadmissible,procedure_discontinued}',
   'SETS_DECISION_OUTCOME'),
  (1, 'decision_issued', 'legal_basis', 'TEXT', false, '{}', 'NONE'),
  (1, 'residence_permit_issued', 'legal_basis', 'TEXT', false, '{}', 'NONE'),
  (1, 'residence_permit_issued', 'valid_months', 'INT', false, '{}', 'NONE'),
  (1, 'toleration_issued', 'legal_basis', 'TEXT', false, '{}', 'NONE'),
  (1, 'relocated_to_municipality', 'municipality_code', 'TEXT', true, '{}', 'NONE'),
  (1, 'transferred', 'receiving_state', 'FEDERAL_STATE', false, '{}', 'SETS_FEDERAL_STATE'),
  (1, 'transferred', 'departed', 'BOOL', false, '{}', 'NONE'),
  (1, 'correction', 'supersedes_index', 'INT', true, '{}', 'REFERENCES_ENTRY'),
  (1, 'correction', 'reason', 'TEXT', false, '{}', 'NONE'),
  (1, 'erasure', 'erased_index', 'INT', true, '{}', 'REFERENCES_ENTRY');

-- The case projection: written in the same transaction as the entries that change it.
create table case_state (
  case_ref         text primary key,
  federal_state    text   not null,
  stage            text   not null,
  decision_outcome text   not null default '',
  revision         bigint not null check (revision >= 1),
  last_index       bigint not null
);
