-- VMM pool, persisted scheduler claims and the deploy job queue. Portable between PostgreSQL and H2.

-- One hypervisor host. state is the operator's decision (ACTIVE, DRAINING, MAINTENANCE); whether
-- the node answers is the health check's (reachable). The capacity columns are the last probe's;
-- vcpu_cap and memory_cap_mib are what may be allocated (CPUs x allocation ratio, memory minus the
-- host reserve), and used_* the sum of the node's claims, kept in step by the claim store in the
-- same transaction that inserts or deletes a claim.
create table vmm_node (
  name varchar(64) primary key,
  uri varchar(512) not null unique,
  state varchar(16) not null,
  labels varchar(4000) not null,
  site varchar(64) not null,
  origin varchar(16) not null,
  reachable boolean not null default false,
  last_error varchar(1000),
  checked_at timestamp with time zone,
  cpus integer not null default 0,
  memory_mib bigint not null default 0,
  arches varchar(256) not null default '',
  domain_types varchar(256) not null default '',
  vcpu_cap integer not null default 0,
  memory_cap_mib bigint not null default 0,
  used_cpus integer not null default 0,
  used_memory_mib bigint not null default 0,
  created_at timestamp with time zone not null,
  constraint node_usage_within_caps check (used_cpus >= 0 and used_memory_mib >= 0)
);

-- Capacity reserved on a node for one VM (dev.hangar.deployer.scheduler.Claim).
create table node_claim (
  id uuid primary key,
  node_name varchar(64) not null references vmm_node (name),
  domain_type varchar(32) not null,
  vcpus integer not null,
  memory_mib bigint not null,
  group_name varchar(64),
  created_at timestamp with time zone not null
);

create index node_claim_node on node_claim (node_name);

-- Work queue shared by every service instance: a worker takes a row with
-- SELECT ... FOR UPDATE SKIP LOCKED, marks it RUNNING with a lease it renews while it works, and
-- marks it DONE at the end. A RUNNING row whose lease ran out belonged to a dead worker and is
-- taken again (attempts counts every take).
create table deploy_job (
  id uuid primary key,
  subject_id uuid not null,
  kind varchar(32) not null,
  status varchar(16) not null,
  attempts integer not null default 0,
  leased_by varchar(128),
  lease_until timestamp with time zone,
  run_after timestamp with time zone not null,
  created_at timestamp with time zone not null,
  finished_at timestamp with time zone
);

create index deploy_job_ready on deploy_job (status, run_after);

-- Where a deployment was placed and how far its current attempt got (CLAIMED, STAGING, STARTED),
-- so a worker that takes over after a crash knows what to clean up or resume.
alter table deployment add column node_name varchar(64);
alter table deployment add column claim_id uuid;
alter table deployment add column step varchar(16);
alter table deployment add column tried_nodes varchar(1000);
alter table deployment add column attempts integer not null default 0;
-- The placement the caller asked for: a node name and/or required labels (JSON object).
alter table deployment add column requested_node varchar(64);
alter table deployment add column requested_labels varchar(4000);
