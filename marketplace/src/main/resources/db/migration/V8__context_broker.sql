-- NoCloud-net tokens, the context broker and sealed secret parameters. Portable between PostgreSQL
-- and H2.

-- Secret context parameters of a deployment, AES-256-GCM sealed (SecretCipher, "v1:" + base64),
-- bound to the deployment id; the plaintext parameters column never holds them.
alter table deployment add column sealed_parameters varchar(65536);

-- A multi-VM deploy: its roles as JSON [{name, count, requires}].
create table context_group (
  id uuid primary key,
  name varchar(64) not null,
  owner_id uuid references app_user (id),
  roles varchar(65536) not null,
  created_at timestamp with time zone not null
);

-- One VM's NoCloud-net and broker state. token_hash is the SHA-256 (hex) of the per-VM token in
-- its SMBIOS serial, null once revoked; group_id, role and hostname are null for a VM deployed on
-- its own.
create table context_member (
  deployment_id uuid primary key references deployment (id),
  group_id uuid references context_group (id),
  role varchar(32),
  hostname varchar(253),
  token_hash varchar(64) unique,
  token_issued_at timestamp with time zone,
  provided varchar(65536),
  provided_at timestamp with time zone,
  reported varchar(16),
  reason varchar(2000),
  reported_at timestamp with time zone
);

create index context_member_group on context_member (group_id);
