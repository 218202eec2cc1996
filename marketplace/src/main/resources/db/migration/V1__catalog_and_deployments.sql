-- Portable between PostgreSQL (production, tests) and H2 (embedded default).
create table publisher (
  id uuid primary key,
  name varchar(64) not null unique,
  display_name varchar(200) not null,
  created_at timestamp with time zone not null
);

create table appliance (
  id uuid primary key,
  publisher_id uuid not null references publisher (id),
  name varchar(64) not null,
  summary varchar(300) not null,
  description varchar(100000) not null,
  created_at timestamp with time zone not null,
  constraint appliance_name_per_publisher unique (publisher_id, name)
);

create table appliance_version (
  id uuid primary key,
  appliance_id uuid not null references appliance (id),
  version varchar(64) not null,
  channel varchar(32) not null,
  status varchar(16) not null,
  arch varchar(16) not null,
  vcpus integer not null,
  memory_mib integer not null,
  cmdline varchar(1024) not null,
  kernel_digest varchar(71) not null,
  kernel_size bigint not null,
  initrd_digest varchar(71) not null,
  initrd_size bigint not null,
  created_at timestamp with time zone not null,
  published_at timestamp with time zone,
  constraint version_per_appliance unique (appliance_id, version)
);

create table version_partition (
  id uuid primary key,
  version_id uuid not null references appliance_version (id) on delete cascade,
  position integer not null,
  label varchar(64) not null,
  role varchar(32) not null,
  kind varchar(24) not null,
  filesystem varchar(16) not null,
  size_bytes bigint not null,
  digest varchar(71),
  constraint partition_position unique (version_id, position)
);

create table deployment (
  id uuid primary key,
  version_id uuid not null references appliance_version (id),
  instance_id varchar(64) not null unique,
  hostname varchar(253) not null,
  parameters varchar(65536) not null,
  state varchar(16) not null,
  node_uri varchar(512),
  domain_name varchar(128) not null,
  -- What the deployer created on the node for this deployment, so destroy works after a restart.
  volumes varchar(4000),
  console_log varchar(1024),
  message varchar(4000),
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null
);

create index deployment_state on deployment (state);
