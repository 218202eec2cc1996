-- Trust, TUF-style freshness: the manifest each published version is pinned to, the marketplace's
-- current signed timestamp and snapshot, each deployment node's rollback state, per-publisher
-- signature thresholds. Portable between PostgreSQL and H2.
create table version_manifest (
  version_id uuid primary key references appliance_version (id) on delete cascade,
  manifest_digest varchar(71) not null,
  issued_at timestamp with time zone not null,
  payload varchar(1000000) not null
);

create table catalog_metadata (
  role varchar(16) primary key,
  version bigint not null,
  expires timestamp with time zone not null,
  envelope varchar(10000000) not null
);

create table freshness_state (
  node varchar(500) primary key,
  state varchar(10000000) not null
);

create table publisher_threshold (
  publisher_id uuid primary key references publisher (id),
  threshold integer not null check (threshold >= 1)
);

-- A key registered as an X.509 chain (PEM CERTIFICATE blocks, leaf first); null for a raw key.
alter table publisher_key add column certificate_chain varchar(100000);
