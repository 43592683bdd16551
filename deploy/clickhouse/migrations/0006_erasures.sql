-- Erased conversations: the id and when, nothing else (no personal data). The writer records an
-- erasure here first, then deletes the conversation's rows from every table; `callfold erase
-- --sweep` replays the deletes for every id here, which also removes any late event row that
-- raced with the first delete.
CREATE TABLE IF NOT EXISTS {{db}}.erasures {{on_cluster}}
(
    conversation_id  String,
    erased_at        DateTime64(3, 'UTC'),
    version          UInt64
)
-- Keyed by conversation: a repeated erasure (a later event bumps the version) collapses.
ENGINE = {{replicated}}ReplacingMergeTree(version)
ORDER BY conversation_id;
