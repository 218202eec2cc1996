-- Catalog: the disk layout of imported images, appliance logos and the indexes browse and search
-- use. Portable between PostgreSQL (production, tests) and H2 (embedded default; tested too).

-- JSON: the source format, virtual size and GPT/MBR table of the image a partition was imported
-- from (FORMAT.md "Imported disk layout"); null for partitions uploaded as they are.
alter table version_partition add column source_layout varchar(100000);

-- The logo's bytes live in appliance_logo; the appliance row carries its digest and media type so
-- listings need no extra query.
alter table appliance add column logo_digest varchar(71);
alter table appliance add column logo_type varchar(32);

create table appliance_logo (
  appliance_id uuid primary key references appliance (id) on delete cascade,
  media_type varchar(32) not null,
  content bytea not null
);

create index appliance_version_appliance on appliance_version (appliance_id, created_at);
create index appliance_name_id on appliance (name, id);
create index appliance_created_id on appliance (created_at, id);
create index appliance_tag_tag on appliance_tag (tag);
create index appliance_category_category on appliance_category (category);
