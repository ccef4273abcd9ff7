-- The post-call summary a flow may ask the LLM for (flow key summary:), written after the record:
-- the model's answer, or why there is none (the LLM failed or timed out). Both null until it is
-- done, and for calls whose flow asks for none.
ALTER TABLE call_records ADD COLUMN summary TEXT;
ALTER TABLE call_records ADD COLUMN summary_error TEXT;
