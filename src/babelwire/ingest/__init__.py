"""Ingest: files, records, pages and feeds in; RawDocument or Rejection out."""
