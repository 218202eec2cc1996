-- Trust: publisher signing keys, DSSE signatures over version manifests and in-toto attestations.
-- Portable between PostgreSQL and H2. Envelopes are stored exactly as submitted (JSON text).
create table publisher_key (
  key_id varchar(71) primary key,
  publisher_id uuid not null references publisher (id),
  algorithm varchar(32) not null,
  public_key_pem varchar(4000) not null,
  valid_from timestamp with time zone not null,
  revoked_at timestamp with time zone,
  registered_by varchar(64) not null
);

create index publisher_key_publisher on publisher_key (publisher_id);

create table version_signature (
  id uuid primary key,
  version_id uuid not null references appliance_version (id) on delete cascade,
  manifest_digest varchar(71) not null,
  issued_at timestamp with time zone not null,
  key_ids varchar(4000) not null,
  envelope varchar(1000000) not null,
  received_at timestamp with time zone not null,
  submitted_by varchar(64) not null
);

create index version_signature_version on version_signature (version_id);

create table version_attestation (
  id uuid primary key,
  version_id uuid not null references appliance_version (id) on delete cascade,
  predicate_type varchar(500) not null,
  subject_digests varchar(4000) not null,
  key_ids varchar(4000) not null,
  envelope varchar(1000000) not null,
  received_at timestamp with time zone not null,
  submitted_by varchar(64) not null
);

create index version_attestation_version on version_attestation (version_id);
