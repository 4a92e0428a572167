-- How a chunk's numbers are stored: 'f32', little-endian float32; 'u8/255', one unsigned byte b per number,
-- the number being the float32 b / 255 (image pixels scaled to [0, 1]); 'u8', the number being b (raw pixels).
alter table dataset_chunks add column encoding varchar(8) default 'f32' not null;
