-- A figure entered by mistake can be taken back: an entry of mode 'clear' leaves its line not counted.
ALTER TABLE stock_count_entries DROP CONSTRAINT stock_count_entries_mode_check;
ALTER TABLE stock_count_entries ADD CONSTRAINT stock_count_entries_mode_check CHECK (mode IN ('set', 'add', 'clear'));
