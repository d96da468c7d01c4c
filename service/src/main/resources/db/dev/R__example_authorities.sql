-- Example authorities for development and tests only (repeatable migration in location db/dev,
-- enabled in the dev and test profiles). Production registers its authorities itself (docs/operations.md).
insert into authority (id, kind, federal_states, display_name) values
  ('bamf-dresden', 'BAMF_BRANCH_OFFICE', '{DE-SN}', 'BAMF Aussenstelle Dresden'),
  ('bamf-nuernberg', 'BAMF_BRANCH_OFFICE',
   '{DE-BW,DE-BY,DE-BE,DE-BB,DE-HB,DE-HH,DE-HE,DE-MV,DE-NI,DE-NW,DE-RP,DE-SL,DE-SN,DE-ST,DE-SH,DE-TH}',
   'BAMF Zentrale Nuernberg'),
  ('bamf-berlin', 'BAMF_BRANCH_OFFICE', '{DE-BE,DE-BB}', 'BAMF Aussenstelle Berlin'),
  ('lds-sachsen', 'STATE_DIRECTORATE', '{DE-SN}', 'Landesdirektion Sachsen'),
  ('eae-chemnitz', 'RECEPTION_FACILITY', '{DE-SN}', 'Erstaufnahmeeinrichtung Chemnitz'),
  ('abh-leipzig', 'IMMIGRATION_AUTHORITY', '{DE-SN}', 'Auslaenderbehoerde Leipzig'),
  ('abh-berlin', 'IMMIGRATION_AUTHORITY', '{DE-BE}', 'Landesamt fuer Einwanderung Berlin'),
  ('lfa-berlin', 'STATE_DIRECTORATE', '{DE-BE}', 'Landesamt fuer Fluechtlingsangelegenheiten Berlin')
on conflict (id) do update set kind = excluded.kind, federal_states = excluded.federal_states,
  display_name = excluded.display_name;
