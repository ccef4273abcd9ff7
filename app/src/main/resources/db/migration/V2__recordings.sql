-- A campaign's choice whether its calls are recorded (settings "record"); null: the flow or the server decides.
ALTER TABLE campaigns ADD COLUMN record_calls BOOLEAN;
