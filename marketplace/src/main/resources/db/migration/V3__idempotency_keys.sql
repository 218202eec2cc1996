-- Responses to POSTs made with an Idempotency-Key, replayed when the same caller sends the same key.
create table idempotency_key (
  caller varchar(64) not null,
  idem_key varchar(200) not null,
  request_hash varchar(64) not null,
  status integer,
  response_body varchar(1000000),
  location varchar(1000),
  created_at timestamp with time zone not null,
  primary key (caller, idem_key)
);
