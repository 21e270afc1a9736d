"""Ingest: read → structure → chunk; the pipeline that builds an index directory from a corpus."""
