-- What each parameter version came from, so that any version can be reproduced, and the optimizer
-- state a warm start continues from.

alter table datasets add column content_hash varchar(64);

alter table model_parameters add column dataset_id varchar(36);
alter table model_parameters add column dataset_hash varchar(64);
alter table model_parameters add column options varchar(10000);
alter table model_parameters add column best_epoch integer;
-- JSON array of the training dataset's class names, when it had named classes.
alter table model_parameters add column class_names varchar(20000);
alter table model_parameters add column optimizer varchar(20);
alter table model_parameters add column optimizer_step bigint;
alter table model_parameters add column optimizer_state bytea;

alter table jobs add column best_epoch integer;
