-- The standard appliance components a version names (dev.hangar.context.Components), applied to
-- each deployment's seed in this order: comma-separated names, '' for none. They are part of the
-- signed manifest, so changing them here breaks the version's signatures.
alter table appliance_version add column components varchar(1000) default '' not null;
